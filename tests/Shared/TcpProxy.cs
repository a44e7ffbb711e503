using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Sfu.Tests.Shared;

/// <summary>
/// A TCP proxy on 127.0.0.1 for fault injection (tc and iptables are not available here): forwards to a target,
/// and can cut every connection (RST) or refuse new ones, to test reconnects and partitions.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<int, (TcpClient Client, TcpClient Upstream)> _links = new();
    private readonly Task _accept;
    private int _nextLink;
    private volatile bool _refusing;

    public TcpProxy(IPEndPoint target)
    {
        _target = target;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accept = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _nextLink);

    /// <summary>Closes every open connection with a reset.</summary>
    public void CutAll()
    {
        // Only the links open now: a client that reconnects while this runs must not be cut too.
        foreach (var (key, link) in _links.ToArray())
        {
            if (_links.TryRemove(key, out _))
            {
                Reset(link.Client);
                Reset(link.Upstream);
            }
        }
    }

    /// <summary>While true, new connections are reset at once (a partition).</summary>
    public bool Refusing
    {
        get => _refusing;
        set => _refusing = value;
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        CutAll();
        try
        {
            await _accept;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var id = Interlocked.Increment(ref _nextLink);
            if (_refusing)
            {
                Reset(client);
                continue;
            }
            _ = LinkAsync(id, client);
        }
    }

    private async Task LinkAsync(int id, TcpClient client)
    {
        var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(_target, _stop.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            Reset(client);
            upstream.Dispose();
            return;
        }
        _links[id] = (client, upstream);
        var a = PumpAsync(client.GetStream(), upstream.GetStream());
        var b = PumpAsync(upstream.GetStream(), client.GetStream());
        await Task.WhenAny(a, b);
        if (_links.TryRemove(id, out _))
        {
            client.Dispose();
            upstream.Dispose();
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var n = await from.ReadAsync(buffer, _stop.Token);
                if (n == 0)
                {
                    return;
                }
                await to.WriteAsync(buffer.AsMemory(0, n), _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
        }
    }

    private static void Reset(TcpClient client)
    {
        try
        {
            client.Client.LingerState = new LingerOption(true, 0);
            client.Client.Close();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        client.Dispose();
    }
}
