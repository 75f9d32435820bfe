using System.Net;
using System.Net.Sockets;

namespace OneRoster.Projections.IntegrationTests.Infrastructure;

/// <summary>
/// A TCP relay in front of PostgreSQL or RabbitMQ for one in-process host. Severing it drops every connection
/// at once, as the death of the host's process would: the broker puts back what the host had not acknowledged
/// and the database rolls back what it had not committed. Stopping an in-process host cannot do that alone,
/// because its connections outlive a cancelled stop.
/// </summary>
public sealed class SeverableProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly string targetHost;
    private readonly int targetPort;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<TcpClient> connections = [];
    private readonly Task accepting;

    public SeverableProxy(string targetHost, int targetPort)
    {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        listener.Start();
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>A PostgreSQL connection string pointed at a new proxy in front of its server.</summary>
    public static (SeverableProxy Proxy, string ConnectionString) ForPostgres(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        var proxy = new SeverableProxy(builder.Host!, builder.Port);
        builder.Host = "127.0.0.1";
        builder.Port = proxy.Port;
        return (proxy, builder.ConnectionString);
    }

    /// <summary>An amqp:// URI pointed at a new proxy in front of its broker.</summary>
    public static (SeverableProxy Proxy, string Uri) ForRabbitMq(string uri)
    {
        var original = new Uri(uri);
        var proxy = new SeverableProxy(original.Host, original.IsDefaultPort ? 5672 : original.Port);
        var builder = new UriBuilder(original) { Host = "127.0.0.1", Port = proxy.Port };
        return (proxy, builder.Uri.ToString());
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (Exception ex)
                when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = RelayAsync(inbound);
        }
    }

    private async Task RelayAsync(TcpClient inbound)
    {
        var outbound = new TcpClient();
        lock (connections)
        {
            connections.Add(inbound);
            connections.Add(outbound);
        }
        try
        {
            await outbound.ConnectAsync(targetHost, targetPort, stopping.Token);
            using var _ = stopping.Token.Register(() => Close(inbound, outbound));
            var a = inbound.GetStream();
            var b = outbound.GetStream();
            await Task.WhenAny(a.CopyToAsync(b, stopping.Token), b.CopyToAsync(a, stopping.Token));
        }
        catch (Exception ex)
            when (ex
                    is IOException
                        or SocketException
                        or OperationCanceledException
                        or ObjectDisposedException
            )
        {
            // A severed or closed connection ends its relay.
        }
        finally
        {
            Close(inbound, outbound);
        }
    }

    private static void Close(params TcpClient[] clients)
    {
        foreach (var client in clients)
        {
            try
            {
                // Reset rather than a polite close: the peer sees the connection die.
                if (client.Client is { } socket)
                {
                    socket.LingerState = new LingerOption(true, 0);
                }
                client.Close();
            }
            catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
            {
                // Already gone.
            }
        }
    }

    /// <summary>Drops every relayed connection and accepts no more.</summary>
    public void Sever()
    {
        stopping.Cancel();
        listener.Stop();
        lock (connections)
        {
            Close([.. connections]);
            connections.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Sever();
        await accepting;
        stopping.Dispose();
    }
}
