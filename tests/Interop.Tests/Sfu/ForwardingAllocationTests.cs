using System.Net;
using Sfu.Actors.Cluster;
using Sfu.Client;
using Sfu.Contracts.Api;
using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;
using Sfu.Media.Net;
using Sfu.Media.Rtcp;

namespace Sfu.Interop.Tests.Sfu;

/// <summary>
/// Issue 3 item 9 (style §6.3 rule 1): forwarding allocates nothing per packet in steady state. Real packets go from a
/// test socket into a comedia plain transport, through the producer, the router and four simple consumers, and out of
/// four plain transports to test sockets, on a live node with one worker; the allocation counter is read on the
/// worker thread itself before and after 10 000 packets. The window also carries what steady state has: the
/// retransmission store (video with NACK; every packet is stored), NACKs from the receivers answered with RTX, receiver
/// reports, and the transports' own RTCP (SR + SDES to the receivers, RR to the sender).
/// </summary>
public sealed class ForwardingAllocationTests
{
    private const int Consumers = 4;
    private const int WarmUpPackets = 6000;
    private const int MeasuredPackets = 10_000;
    private const int Burst = 25;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Forwarding_to_four_consumers_allocates_nothing_on_the_worker_thread_in_steady_state()
    {
        await using var node = SfuNode.Start(new NodeSettings { NodeId = "zero-alloc", Workers = 1 });
        await using var sfu = new SfuClient(node.Connect());
        var loop = node.Workers[0].Loop;
        var router = await sfu.CreateRouterAsync(SfuFixture.Codecs());
        var input = await router.CreatePlainTransportAsync(new PlainTransportOptions
        {
            ListenInfo = SfuFixture.Loopback with { RecvBufferSize = 4 << 20 },
            Comedia = true,
        });
        var producer = await input.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = SfuFixture.Vp8Sent(1111) });

        var receivers = new List<Receiver>();
        using var sender = UdpPeer.Start("sender", keepSummaries: false);
        try
        {
            for (var i = 0; i < Consumers; i++)
            {
                var output = await router.CreatePlainTransportAsync(new PlainTransportOptions
                {
                    ListenInfo = SfuFixture.Loopback with { SendBufferSize = 4 << 20 },
                });
                var consumer = await output.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, RtpCapabilities = router.RtpCapabilities });
                var peer = UdpPeer.Start($"receiver {i}");
                receivers.Add(new Receiver(peer, consumer, SfuFixture.EndPointOf(output.Tuple)));
                await output.ConnectAsync(new PlainTransportConnectParameters { Ip = "127.0.0.1", Port = peer.Port });
            }
            Assert.All(receivers, r => Assert.NotNull(r.RtxSsrc)); // video with NACK and RTX: the retransmission store is on

            var source = new Vp8PacketSource(1111);
            var traffic = new Traffic(sender, SfuFixture.EndPointOf(input.Tuple), source, receivers);

            // Warm-up: fills the retransmission buffers (2500 packets each) and the packet pool, runs every path once.
            await traffic.RunAsync(WarmUpPackets);

            var probe = new AllocationProbe(loop);
            var nothing = probe.Read();
            Assert.Equal(0, probe.Read() - nothing); // the probe itself allocates nothing on the worker

            var srsBefore = receivers.Sum(r => r.Peer.RtcpCountOf(200));
            var rtxBefore = receivers.Sum(r => r.Peer.RtpCountOf(r.RtxSsrc!.Value));
            var rrsBefore = sender.RtcpCountOf(201);
            var before = probe.Read();
            // At least 10 000 packets, and on until both transports' RTCP timers have fired in the window (the input
            // transport sends an RR about every second).
            var sent = await traffic.RunAsync(MeasuredPackets,
                () => sender.RtcpCountOf(201) > rrsBefore && receivers.Sum(r => r.Peer.RtcpCountOf(200)) > srsBefore);
            var after = probe.Read();

            // The window really had steady-state traffic: every packet out to every consumer, retransmissions, SRs, RRs.
            Assert.All(receivers, r => Assert.Equal(WarmUpPackets + sent, r.Peer.RtpCountOf(r.Ssrc)));
            Assert.True(receivers.Sum(r => r.Peer.RtpCountOf(r.RtxSsrc!.Value)) > rtxBefore, "no retransmission in the window");
            Assert.True(receivers.Sum(r => r.Peer.RtcpCountOf(200)) > srsBefore, "no sender report in the window");
            Assert.True(sender.RtcpCountOf(201) > rrsBefore, "no receiver report to the sender in the window");
            Assert.Equal(0, loop.WorkFailures);
            Assert.Equal(0, after - before);

            // And the probe sees allocations when there are some.
            loop.Post(static _ => GC.KeepAlive(new byte[1000]), null);
            Assert.True(probe.Read() - after >= 1000);
        }
        finally
        {
            foreach (var r in receivers)
            {
                r.Peer.Dispose();
            }
        }
    }

    /// <summary>One consumer and the socket it sends to.</summary>
    private sealed record Receiver(UdpPeer Peer, IConsumer Consumer, IPEndPoint TransportEndPoint)
    {
        public uint Ssrc => Consumer.RtpParameters.Encodings![0].Ssrc!.Value;

        public uint? RtxSsrc => Consumer.RtpParameters.Encodings![0].Rtx?.Ssrc;
    }

    /// <summary>
    /// Sends packets in bursts and waits until every receiver has them all (flow control by the receivers' counts, so
    /// nothing is lost to full socket buffers and nothing sleeps). Every 1000 packets each receiver NACKs three packets
    /// it got (answered by RTX) and sends a receiver report with no loss.
    /// </summary>
    private sealed class Traffic(UdpPeer sender, IPEndPoint input, Vp8PacketSource source, IReadOnlyList<Receiver> receivers)
    {
        private readonly byte[] _buffer = new byte[1500];
        private readonly byte[] _rtcp = new byte[200];
        private long _sent;

        /// <summary>Sends <paramref name="packets"/> packets, then more (in bursts, up to 10 times as many) until <paramref name="until"/> holds; returns how many.</summary>
        public async Task<int> RunAsync(int packets, Func<bool>? until = null)
        {
            var n = 0;
            while (n < packets || (until is not null && !until() && n < packets * 10))
            {
                var burst = n < packets ? Math.Min(Burst, packets - n) : Burst;
                for (var i = 0; i < burst; i++)
                {
                    var length = source.Next(_buffer);
                    sender.Send(_buffer.AsSpan(0, length), input);
                }
                n += burst;
                _sent += burst;
                var expected = (int)_sent;
                await Task.WhenAll(receivers.Select(r => r.Peer.WaitForRtpAsync(r.Ssrc, expected, Timeout)));
                if (_sent % 1000 == 0)
                {
                    foreach (var r in receivers)
                    {
                        SendFeedback(r);
                    }
                }
            }
            return n;
        }

        private void SendFeedback(Receiver r)
        {
            var last = r.Peer.Received.Last(d => !d.IsRtcp && d.Ssrc == r.Ssrc).SequenceNumber;
            // Lost: last-20, last-19 and last-17 (PID + BLP bits 0 and 2).
            var nack = RtcpFeedbackWriter.Nack(r.Ssrc + 1, r.Ssrc, [new GenericNackItem(unchecked((ushort)(last - 20)), 0b101)]);
            Assert.True(nack.TryWrite(_rtcp, out var written));
            r.Peer.Send(_rtcp.AsSpan(0, written), r.TransportEndPoint);

            var block = new ReceptionReport(r.Ssrc, 0, 0, last, 0, 0, 0);
            var rr = new ReceiverReportWriter(r.Ssrc + 1, [block]);
            Assert.True(rr.TryWrite(_rtcp, out written));
            r.Peer.Send(_rtcp.AsSpan(0, written), r.TransportEndPoint);
        }
    }

    /// <summary>Reads <see cref="GC.GetAllocatedBytesForCurrentThread"/> on a loop's thread (a posted work item).</summary>
    private sealed class AllocationProbe(MediaLoop loop)
    {
        private readonly ManualResetEventSlim _done = new();
        private long _bytes;

        public long Read()
        {
            _done.Reset();
            loop.Post(static state =>
            {
                var probe = (AllocationProbe)state!;
                probe._bytes = GC.GetAllocatedBytesForCurrentThread();
                probe._done.Set();
            }, this);
            Assert.True(_done.Wait(Timeout), "the worker did not run the probe");
            return Volatile.Read(ref _bytes);
        }
    }
}
