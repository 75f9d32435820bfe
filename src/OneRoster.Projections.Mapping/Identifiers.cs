using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OneRoster.Projections.Mapping;

/// <summary>
/// The reference's sourcedId formulas (mapping.md §1): lowercase hex MD5 of the UTF-8 text. Case folding
/// (<c>lc</c>) only where the formula has it: class and enrollment keys.
/// </summary>
public static class Identifiers
{
    public static string Md5(string text)
    {
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        var rented = length > 512 ? new byte[length] : null;
        Span<byte> bytes = rented ?? stackalloc byte[length];
        var written = Encoding.UTF8.GetBytes(text, bytes);
        Span<byte> hash = stackalloc byte[MD5.HashSizeInBytes];
        MD5.HashData(bytes[..written], hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Integers as plain base-10 text (schoolId, LEA id, schoolYear).</summary>
    public static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Org(long educationOrganizationId) => Md5(Text(educationOrganizationId));

    /// <summary>Session row: <c>md5(schoolId-schoolYear-sessionName)</c>, no case folding.</summary>
    public static string Session(long schoolId, long schoolYear, string sessionName) =>
        Md5($"{Text(schoolId)}-{Text(schoolYear)}-{sessionName}");

    /// <summary>Synthesized school-year row: <c>md5(LEA-schoolYear)</c>, or <c>md5(-schoolYear)</c> without LEA.</summary>
    public static string SchoolYear(long? localEducationAgencyId, long schoolYear) =>
        Md5($"{(localEducationAgencyId is { } lea ? Text(lea) : "")}-{Text(schoolYear)}");

    public static string Course(long educationOrganizationId, string courseCode) =>
        Md5($"{Text(educationOrganizationId)}-{courseCode}");

    public static string Class(in SectionKey s) =>
        Md5(
            $"{Lc(s.LocalCourseCode)}-{Text(s.SchoolId)}-{Text(s.SchoolYear)}-{Lc(s.SectionIdentifier)}-{Lc(s.SessionName)}"
        );

    /// <summary>
    /// Enrollment: <c>md5(lc(uid)-lc(localCourseCode)-schoolId-schoolYear-lc(sectionIdentifier)-lc(sessionName)[-beginDate])</c>.
    /// </summary>
    public static string Enrollment(string uniqueId, in SectionKey s, string? beginDate) =>
        Md5(
            $"{Lc(uniqueId)}-{Lc(s.LocalCourseCode)}-{Text(s.SchoolId)}-{Text(s.SchoolYear)}-"
                + $"{Lc(s.SectionIdentifier)}-{Lc(s.SessionName)}"
                + (beginDate is null ? "" : "-" + beginDate)
        );

    /// <summary>Person rows: <c>md5(PREFIX-uid-schoolId)</c> or <c>md5(PREFIX-uid)</c>; prefixes STU, STA, PAR.</summary>
    public static string Person(string prefix, string uniqueId, long? schoolId) =>
        Md5(schoolId is { } id ? $"{prefix}-{uniqueId}-{Text(id)}" : $"{prefix}-{uniqueId}");

    private static string Lc(string value) => value.ToLowerInvariant();
}

/// <summary>Ed-Fi section natural key (DS 5.2 and 4.0), exact case.</summary>
public readonly record struct SectionKey(
    string LocalCourseCode,
    long SchoolId,
    long SchoolYear,
    string SectionIdentifier,
    string SessionName
);
