using System.Diagnostics;
using System.Net;
using Sfu.Media.Net;
using Sfu.Media.Time;

namespace Sfu.Benchmarks.Net;

/// <summary>One datagram in flight between two loops: round trips per second, i.e. the latency each path adds.</summary>
internal static class PingPongCase
{
    public static async Task<double> RunAsync(string mode, double seconds)
    {
        using var a = FanOutCase.CreateLoop("bench-ping", mode);
        using var b = FanOutCase.CreateLoop("bench-pong", mode);
        a.Start();
        b.Start();
        var ping = new Bouncer();
        var pong = new Bouncer();
        var pinger = await FanOutCase.Invoke(a, () => UdpEndpoint.Bind(a, new UdpBindOptions { Ip = IPAddress.Loopback }, ping));
        var ponger = await FanOutCase.Invoke(b, () => UdpEndpoint.Bind(b, new UdpBindOptions { Ip = IPAddress.Loopback }, pong));
        var target = ponger.LocalAddress;
        await FanOutCase.Invoke(a, () => pinger.TrySend(new byte[200], target));
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        var start = await FanOutCase.Invoke(a, () => pinger.Counters.DatagramsReceived);
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var end = await FanOutCase.Invoke(a, () => pinger.Counters.DatagramsReceived);
        var elapsed = clock.Elapsed.TotalSeconds;
        await FanOutCase.Invoke(a, () => { pinger.Close(); return 0; });
        await FanOutCase.Invoke(b, () => { ponger.Close(); return 0; });
        await a.StopAsync();
        await b.StopAsync();
        return (end - start) / elapsed;
    }

    /// <summary>Sends every datagram straight back.</summary>
    private sealed class Bouncer : IDatagramHandler
    {
        public void OnDatagram(UdpEndpoint endpoint, Span<byte> datagram, in NetAddress remote, Instant now) =>
            endpoint.TrySend(datagram, remote);
    }
}

/// <summary>What a loop with many bound but silent sockets costs: its thread's CPU time per second.</summary>
internal static class IdleCase
{
    public static async Task<double> RunAsync(string mode, int sockets, double seconds)
    {
        using var loop = FanOutCase.CreateLoop("bench-idle", mode);
        loop.Start();
        var endpoints = await FanOutCase.Invoke(loop, () =>
        {
            var list = new UdpEndpoint[sockets];
            for (var i = 0; i < sockets; i++)
            {
                list[i] = UdpEndpoint.Bind(loop, new UdpBindOptions { Ip = IPAddress.Loopback }, FanOutCase.NullHandler.Instance);
            }
            return list;
        });
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        var start = await FanOutCase.Invoke(loop, Cpu);
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var end = await FanOutCase.Invoke(loop, Cpu);
        var elapsed = clock.Elapsed.TotalSeconds;
        await FanOutCase.Invoke(loop, () =>
        {
            foreach (var endpoint in endpoints)
            {
                endpoint.Close();
            }
            return 0;
        });
        await loop.StopAsync();
        return (end - start) / elapsed;

        static double Cpu()
        {
            var usage = ThreadResourceUsage.ReadCurrentThread();
            return usage.UserTimeMs + usage.SystemTimeMs;
        }
    }
}
