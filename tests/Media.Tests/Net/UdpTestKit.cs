using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Sfu.Media.Net;
using Sfu.Media.Time;

namespace Sfu.Media.Tests.Net;

/// <summary>Helpers for the socket tests: running code on a loop, handlers that count and echo, free ports.</summary>
internal static class UdpTestKit
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Runs <paramref name="func"/> on the loop thread and returns its result (or its exception).</summary>
    public static Task<T> InvokeAsync<T>(this MediaLoop loop, Func<T> func) => loop.InvokeAsync(func, Timeout);

    /// <summary>
    /// Runs <paramref name="func"/> on the loop thread and returns its result (or its exception), failing with a
    /// <see cref="TimeoutException"/> when the loop has not run it within <paramref name="timeout"/>.
    /// </summary>
    public static Task<T> InvokeAsync<T>(this MediaLoop loop, Func<T> func, TimeSpan timeout)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        loop.Post(_ =>
        {
            try
            {
                done.SetResult(func());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }, null);
        return done.Task.WaitAsync(timeout);
    }

    public static Task InvokeAsync(this MediaLoop loop, Action action) =>
        loop.InvokeAsync(() =>
        {
            action();
            return true;
        });

    public static Task<UdpEndpoint> BindAsync(this MediaLoop loop, UdpBindOptions options, IDatagramHandler handler) =>
        loop.InvokeAsync(() => UdpEndpoint.Bind(loop, options, handler));

    public static UdpBindOptions Loopback4 => new() { Ip = IPAddress.Loopback };

    /// <summary><paramref name="count"/> consecutive ports on <paramref name="ip"/> that are free right now.</summary>
    public static ushort FindFreeConsecutivePorts(IPAddress ip, int count)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var first = Random.Shared.Next(20000, 30000);
            var probes = new List<Socket>();
            try
            {
                var free = true;
                for (var i = 0; i < count && free; i++)
                {
                    var probe = new Socket(ip.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                    probes.Add(probe);
                    try
                    {
                        probe.Bind(new IPEndPoint(ip, first + i));
                    }
                    catch (SocketException)
                    {
                        free = false;
                    }
                }
                if (free)
                {
                    return (ushort)first;
                }
            }
            finally
            {
                foreach (var probe in probes)
                {
                    probe.Dispose();
                }
            }
        }
        throw new InvalidOperationException("no free ports found");
    }
}

/// <summary>Two started loops of one poller kind; stops them and then closes what was bound on them.</summary>
internal sealed class LoopPair : IAsyncDisposable
{
    private readonly ConcurrentBag<UdpEndpoint> _endpoints = new();

    public LoopPair(bool epoll, PortAllocator? ports = null, TimeSpan? receiveCoalescing = null)
    {
        A = new MediaLoop("udp-a", preferEpoll: epoll, ports: ports, receiveCoalescing: receiveCoalescing);
        B = new MediaLoop("udp-b", preferEpoll: epoll, ports: ports, receiveCoalescing: receiveCoalescing);
        A.Start();
        B.Start();
    }

    public MediaLoop A { get; }

    public MediaLoop B { get; }

    public async Task<UdpEndpoint> BindAsync(MediaLoop loop, UdpBindOptions options, IDatagramHandler handler)
    {
        var endpoint = await loop.BindAsync(options, handler);
        _endpoints.Add(endpoint);
        return endpoint;
    }

    public async ValueTask DisposeAsync()
    {
        await A.StopAsync().WaitAsync(UdpTestKit.Timeout);
        await B.StopAsync().WaitAsync(UdpTestKit.Timeout);
        foreach (var endpoint in _endpoints)
        {
            endpoint.Close(); // allowed: the loops are stopped
        }
        A.Dispose();
        B.Dispose();
    }
}

/// <summary>Keeps a copy of every datagram and its sender, and lets a test wait for a count.</summary>
internal sealed class RecordingHandler : IDatagramHandler
{
    private readonly CountWaiter _waiter = new();

    public ConcurrentQueue<(byte[] Data, NetAddress Remote, int Thread)> Received { get; } = new();

    public int Count => _waiter.Count;

    public void OnDatagram(UdpEndpoint endpoint, Span<byte> datagram, in NetAddress remote, Instant now)
    {
        Received.Enqueue((datagram.ToArray(), remote, Environment.CurrentManagedThreadId));
        _waiter.Increment();
    }

    public Task WaitForCountAsync(int count) => _waiter.WaitAsync(count);
}

/// <summary>Sends every datagram back where it came from.</summary>
internal sealed class EchoHandler : IDatagramHandler
{
    public void OnDatagram(UdpEndpoint endpoint, Span<byte> datagram, in NetAddress remote, Instant now) =>
        endpoint.TrySend(datagram, remote);
}

/// <summary>A count that a test can wait on, without polling: completes when the count reaches the target.</summary>
internal sealed class CountWaiter
{
    private int _count;
    private int _target = int.MaxValue;
    private TaskCompletionSource? _reached;

    public int Count => Volatile.Read(ref _count);

    public void Increment()
    {
        var count = Interlocked.Increment(ref _count);
        if (count >= Volatile.Read(ref _target))
        {
            Volatile.Read(ref _reached)?.TrySetResult();
        }
    }

    public Task WaitAsync(int target)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _reached, reached);
        Interlocked.Exchange(ref _target, target);
        if (Volatile.Read(ref _count) >= target)
        {
            reached.TrySetResult();
        }
        return reached.Task.WaitAsync(UdpTestKit.Timeout);
    }
}
