using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OneRoster.Projections.Storage.Security;

/// <summary>
/// Client secrets: 32 random bytes shown once, stored as a salted PBKDF2-SHA256 hash and compared in constant
/// time. Stored form: <c>pbkdf2-sha256${iterations}${salt}${hash}</c> (base64 parts).
/// </summary>
public static class ClientSecrets
{
    private const string Algorithm = "pbkdf2-sha256";
    private const int Iterations = 100_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>A hash of a secret nobody holds, so an unknown client id costs as much as a wrong secret.</summary>
    private static readonly Lazy<string> Decoy = new(() => Hash(NewSecret()));

    /// <summary>
    /// 256 random bits behind a fixed prefix: a secret never starts with "-" (which a command line would
    /// take for an option), and secret scanners can tell it from other strings.
    /// </summary>
    public static string NewSecret() => "ors_" + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>A client id that does not reveal the tenant or the order clients were made in.</summary>
    public static string NewClientId() => "orc_" + Base64Url(RandomNumberGenerator.GetBytes(12));

    public static string Hash(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(secret, salt, Iterations);
        return string.Join(
            '$',
            Algorithm,
            Iterations.ToString(CultureInfo.InvariantCulture),
            Convert.ToBase64String(salt),
            Convert.ToBase64String(hash)
        );
    }

    /// <summary>Whether <paramref name="secret"/> matches <paramref name="storedHash"/>; false for any malformed hash.</summary>
    public static bool Verify(string secret, string? storedHash)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var parts = (storedHash ?? Decoy.Value).Split('$');
        if (
            parts.Length != 4
            || parts[0] != Algorithm
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations < 1
        )
        {
            return false;
        }

        byte[] salt;
        byte[] expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }

        var actual = Derive(secret, salt, iterations);
        return CryptographicOperations.FixedTimeEquals(actual, expected) && storedHash is not null;
    }

    private static byte[] Derive(string secret, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(
            Encoding.UTF8.GetBytes(secret),
            salt,
            iterations,
            HashAlgorithmName.SHA256,
            HashBytes
        );

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
