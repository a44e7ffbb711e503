using System.Net;
using Sfu.Media.Net;
using Sfu.Media.Rtp;
using Sfu.Media.Time;

namespace Sfu.Benchmarks.Load;

/// <summary>
/// The consumers' side: one UDP socket per consumer on a media loop of its own (recvmmsg batches), each counting the
/// RTP datagrams that arrive (RTCP is counted apart).
/// </summary>
internal sealed class LoadSinks
{
    private readonly MediaLoop _loop;
    private readonly Sink[] _sinks;

    private LoadSinks(MediaLoop loop, Sink[] sinks)
    {
        _loop = loop;
        _sinks = sinks;
    }

    public MediaLoop Loop => _loop;

    /// <summary>Where each sink listens (connect a consumer's transport to it).</summary>
    public IReadOnlyList<NetAddress> Addresses => _sinks.Select(s => s.Endpoint!.LocalAddress).ToArray();

    public static async Task<LoadSinks> StartAsync(int count)
    {
        var loop = new MediaLoop("load-sinks");
        loop.Start();
        var sinks = await LoopCalls.InvokeAsync(loop, () =>
        {
            var list = new Sink[count];
            for (var i = 0; i < count; i++)
            {
                list[i] = new Sink();
                list[i].Endpoint = UdpEndpoint.Bind(loop,
                    new UdpBindOptions { Ip = IPAddress.Loopback, RecvBufferSize = 4 << 20 }, list[i]);
            }
            return list;
        });
        return new LoadSinks(loop, sinks);
    }

    /// <summary>RTP datagrams received by all sinks, and the sinks' thread CPU time (ms), read on their thread.</summary>
    public Task<(long Rtp, long Rtcp, double CpuMs)> SampleAsync() => LoopCalls.InvokeAsync(_loop, () =>
    {
        long rtp = 0;
        long rtcp = 0;
        foreach (var sink in _sinks)
        {
            rtp += sink.Rtp;
            rtcp += sink.Rtcp;
        }
        var usage = ThreadResourceUsage.ReadCurrentThread();
        return (rtp, rtcp, usage.UserTimeMs + usage.SystemTimeMs);
    });

    public async Task StopAsync()
    {
        await LoopCalls.InvokeAsync(_loop, () =>
        {
            foreach (var sink in _sinks)
            {
                sink.Endpoint?.Close();
            }
            return 0;
        });
        await _loop.StopAsync();
        _loop.Dispose();
    }

    private sealed class Sink : IDatagramHandler
    {
        public UdpEndpoint? Endpoint;
        public long Rtp;
        public long Rtcp;

        public void OnDatagram(UdpEndpoint endpoint, Span<byte> datagram, in NetAddress remote, Instant now)
        {
            if (RtpPacketView.IsRtcp(datagram))
            {
                Rtcp++;
            }
            else
            {
                Rtp++;
            }
        }
    }
}
