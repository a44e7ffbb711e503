using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;
using Sfu.Contracts.Transports;
using Sfu.Media.Net;
using Sfu.Media.Routing;
using Sfu.Media.Rtp;
using Sfu.Media.Tests.Net;
using Sfu.Media.Time;
using Sfu.Media.Transports;
using ReceiverEstimatedMaximumBitrate = Sfu.Media.Rtcp.ReceiverEstimatedMaximumBitrate;

namespace Sfu.Media.Tests.Transports;

/// <summary>
/// RT3 and B1's limitation REMB on a real transport driven with virtual time: the transport's RTCP tick
/// (<see cref="Transport.SendRtcpReports"/>) and incoming RTP are given times on a clock an hour ahead of the loop's,
/// so the transport's own timer (on real time) finds nothing due in between and the schedule is exact. One comedia transport carries an audio and a video producer and
/// a consumer of each, all talking to one UDP peer; after each tick an audio packet is forwarded through the audio
/// consumer, and since one socket sends everything in order, its arrival marks the end of that tick's RTCP.
/// </summary>
public sealed class RtcpScheduleTests
{
    [Fact]
    public async Task Video_reports_go_out_every_second_tick_and_audio_reports_only_every_fifth()
    {
        await using var rig = await Rig.StartAsync();
        var start = await rig.OnLoopAsync(() => rig.Loop.Now.AddMilliseconds(3_600_000));

        var ticks = new List<Tick>();
        for (var k = 0; k <= 10; k++)
        {
            var at = start.AddMilliseconds(k * 1000);
            var sentinel = await rig.OnLoopAsync(() =>
            {
                rig.Transport.SendRtcpReports(at);
                return rig.SendAudio(at);
            });
            ticks.Add(rig.ReadUntilRtp(rig.AudioConsumerSsrc, sentinel));
        }

        // Video: 1000 ms × 1.15 ≥ 1000 ms, due at every tick. Audio: due once 5000 ms have nearly passed
        // (elapsed × 1.15 ≥ 5000 ms), so at 0, 5 and 10 s, not at 4 s (4600 < 5000).
        int[] audioTicks = [0, 5, 10];
        for (var k = 0; k < ticks.Count; k++)
        {
            var tick = ticks[k];
            Assert.True(tick.SrSsrcs.Contains(rig.VideoConsumerSsrc), $"no video SR at tick {k}");
            Assert.Equal(audioTicks.Contains(k), tick.SrSsrcs.Contains(rig.AudioConsumerSsrc));
            Assert.True(tick.RrBlockSsrcs.Contains(Rig.VideoSsrc), $"no RR block of the video producer at tick {k}");
            Assert.Equal(audioTicks.Contains(k), tick.RrBlockSsrcs.Contains(Rig.AudioSsrc));
            // The producers' RRs share one compound that ends with an XR receiver reference time (MP14, RT2). Before
            // the first tick the transport's own timer may have reported too.
            Assert.Equal(tick.CompoundsWithRr, tick.RrCompoundsEndingWithRrt);
            if (k > 0)
            {
                Assert.Equal(1, tick.CompoundsWithRr);
            }
        }
    }

    [Fact]
    public async Task The_limitation_remb_follows_incoming_rtp_at_most_every_1500_ms_and_a_reset_sends_four_rembs_of_0()
    {
        await using var rig = await Rig.StartAsync();
        var start = await rig.OnLoopAsync(() => rig.Loop.Now.AddMilliseconds(3_600_000));

        // What REMBs go out when RTP arrives at each time (ms after start), and when the limit changes.
        async Task<List<ulong>> At(long ms, long? setLimit = null)
        {
            var at = start.AddMilliseconds(ms);
            var sentinel = await rig.OnLoopAsync(() =>
            {
                if (setLimit is { } limit)
                {
                    rig.Transport.SetBitrateLimit(BitrateLimit.MaxIncoming, limit, at);
                }
                else
                {
                    rig.SendVideo(at);
                }
                return rig.SendAudio(at);
            });
            return rig.ReadUntilRtp(rig.AudioConsumerSsrc, sentinel).RembBitrates;
        }

        Assert.Empty(await At(0, setLimit: 500_000)); // B1: setting a limit sends nothing by itself
        Assert.Equal([500_000UL], await At(0));
        Assert.Empty(await At(1000));
        Assert.Equal([500_000UL], await At(1600)); // more than 1500 ms after the last
        Assert.Empty(await At(3000));
        Assert.Equal([500_000UL], await At(3200));

        Assert.Equal([0UL], await At(3300, setLimit: 0)); // the first REMB of 0 at once
        Assert.Empty(await At(3400));
        Assert.Equal([0UL], await At(4900));
        Assert.Equal([0UL], await At(6500));
        Assert.Equal([0UL], await At(8100));
        Assert.Empty(await At(9700)); // four in all
        Assert.Empty(await At(20_000));
    }

    /// <summary>What the peer received during one tick.</summary>
    private sealed record Tick(List<uint> SrSsrcs, List<uint> RrBlockSsrcs, int CompoundsWithRr, int RrCompoundsEndingWithRrt, List<ulong> RembBitrates);

    private sealed class Rig : MediaRigListeners, IAsyncDisposable
    {
        public const uint VideoSsrc = 1111;
        public const uint AudioSsrc = 2222;
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

        private readonly Socket _peer;
        private readonly byte[] _buffer = new byte[2048];
        private NetAddress _peerAddress;
        private ushort _audioSeq;
        private uint _audioTimestamp;

        private Rig()
        {
            Loop = new MediaLoop("rtcp-schedule", this);
            _peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = (int)Timeout.TotalMilliseconds };
            _peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        }

        public MediaLoop Loop { get; }

        public PlainTransport Transport { get; private set; } = null!;

        public uint AudioConsumerSsrc { get; private set; }

        public uint VideoConsumerSsrc { get; private set; }

        public static async Task<Rig> StartAsync()
        {
            var rig = new Rig();
            rig.Loop.Start();
            var first = await rig.OnLoopAsync(rig.Setup);
            rig.ReadUntilRtp(rig.AudioConsumerSsrc, first);
            return rig;
        }

        /// <summary>Producers and consumers on one comedia transport; one packet of each kind flows. Answers the audio's sequence number.</summary>
        private ushort Setup()
        {
            _peerAddress = NetAddress.FromIPEndPoint((IPEndPoint)_peer.LocalEndPoint!);
            var context = new WorkerContext(Loop, 0, this);
            var router = new Router("router", global::Sfu.Media.Ortc.Ortc.GenerateRouterRtpCapabilities(
            [
                new RtpCodecCapability { Kind = MediaKind.Audio, MimeType = "audio/opus", ClockRate = 48000, Channels = 2 },
                new RtpCodecCapability { Kind = MediaKind.Video, MimeType = "video/VP8", ClockRate = 90000 },
            ]), context, this);
            Transport = PlainTransport.Create("transport", router, new PlainTransportOptions
            {
                ListenInfo = new TransportListenInfo { Protocol = TransportProtocol.Udp, Ip = "127.0.0.1" },
                Comedia = true,
            }, this);
            var video = Transport.Produce("video", new ProducerOptions
            {
                Kind = MediaKind.Video,
                RtpParameters = new RtpParameters
                {
                    Codecs =
                    [
                        new RtpCodecParameters
                        {
                            MimeType = "video/VP8", PayloadType = 96, ClockRate = 90000,
                            RtcpFeedback = [new RtcpFeedback("nack"), new RtcpFeedback("nack", "pli"), new RtcpFeedback("goog-remb")],
                        },
                    ],
                    // abs-send-time with goog-remb: receive-side BWE, so setMaxIncomingBitrate sends REMBs (B1).
                    HeaderExtensions = [new RtpHeaderExtensionParameters { Uri = RtpHeaderExtensionUris.AbsSendTime, Id = 3 }],
                    Encodings = [new RtpEncodingParameters { Ssrc = VideoSsrc }],
                },
            }, this);
            var audio = Transport.Produce("audio", new ProducerOptions
            {
                Kind = MediaKind.Audio,
                RtpParameters = new RtpParameters
                {
                    Codecs = [new RtpCodecParameters { MimeType = "audio/opus", PayloadType = 111, ClockRate = 48000, Channels = 2 }],
                    Encodings = [new RtpEncodingParameters { Ssrc = AudioSsrc }],
                },
            }, this);
            var videoConsumer = Transport.Consume("video-consumer", new ConsumerOptions { ProducerId = video.Id, RtpCapabilities = router.RtpCapabilities }, this);
            var audioConsumer = Transport.Consume("audio-consumer", new ConsumerOptions { ProducerId = audio.Id, RtpCapabilities = router.RtpCapabilities }, this);
            VideoConsumerSsrc = videoConsumer.MediaSsrcs[0];
            AudioConsumerSsrc = audioConsumer.MediaSsrcs[0];

            // comedia learns the peer from a first packet (a VP8 delta frame, which no consumer forwards), then a key frame.
            Deliver(Rtp(96, 1, 3000, VideoSsrc, [0x10, 0x01, 0x00, 0x00, 0x00, 0x00]), Loop.Now);
            Deliver(Rtp(96, 2, 6000, VideoSsrc, [0x10, 0x00, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xf0, 0x00, 0x00]), Loop.Now);
            _videoSeq = 2;
            return SendAudio(Loop.Now);
        }

        /// <summary>Hands the transport the next audio packet as arriving at <paramref name="now"/> (loop thread); answers its sequence number.</summary>
        public ushort SendAudio(Instant now)
        {
            _audioSeq++;
            _audioTimestamp += 960;
            Deliver(Rtp(111, _audioSeq, _audioTimestamp, AudioSsrc, [0xfc, 0x01, 0x02, 0x03]), now);
            return _audioSeq;
        }

        /// <summary>Hands the transport the next video packet (a delta frame) as arriving at <paramref name="now"/> (loop thread).</summary>
        public void SendVideo(Instant now)
        {
            _videoSeq++;
            Deliver(Rtp(96, _videoSeq, _videoSeq * 3000u, VideoSsrc, [0x10, 0x01, 0x00, 0x00, 0x00, 0x00]), now);
        }

        private ushort _videoSeq;

        /// <summary>
        /// Reads what the peer got until the consumer's RTP packet (SSRC <paramref name="ssrc"/>) for the producer's
        /// packet <paramref name="producerSeq"/> arrives: every audio packet is forwarded, so it is the n-th one.
        /// </summary>
        public Tick ReadUntilRtp(uint ssrc, ushort producerSeq)
        {
            var srs = new List<uint>();
            var blocks = new List<uint>();
            var rembs = new List<ulong>();
            var withRr = 0;
            var endingWithRrt = 0;
            while (true)
            {
                var length = _peer.Receive(_buffer);
                var datagram = _buffer.AsSpan(0, length);
                if (!RtpPacketView.IsRtcp(datagram))
                {
                    if (RtpPacketView.TryParse(datagram, out var packet, out _) && packet.Ssrc == ssrc && ++_audioReceived == producerSeq)
                    {
                        return new Tick(srs, blocks, withRr, endingWithRrt, rembs);
                    }
                    continue;
                }
                var hasRr = false;
                var lastType = 0;
                var lastBlockType = 0;
                for (var offset = 0; offset + 8 <= length;)
                {
                    var type = datagram[offset + 1];
                    var packetLength = (BinaryPrimitives.ReadUInt16BigEndian(datagram[(offset + 2)..]) + 1) * 4;
                    var count = datagram[offset] & 0x1F;
                    if (type == 200)
                    {
                        srs.Add(BinaryPrimitives.ReadUInt32BigEndian(datagram[(offset + 4)..]));
                    }
                    else if (type == 206 && count == 15
                        && ReceiverEstimatedMaximumBitrate.TryParse(datagram.Slice(offset, packetLength), out var remb, out _))
                    {
                        rembs.Add(remb.Bitrate);
                    }
                    else if (type == 201)
                    {
                        hasRr = true;
                        for (var i = 0; i < count; i++)
                        {
                            blocks.Add(BinaryPrimitives.ReadUInt32BigEndian(datagram[(offset + 8 + (24 * i))..]));
                        }
                    }
                    lastType = type;
                    lastBlockType = type == 207 && packetLength >= 12 ? datagram[offset + 8] : 0;
                    offset += packetLength;
                }
                if (hasRr)
                {
                    withRr++;
                    if (lastType == 207 && lastBlockType == 4)
                    {
                        endingWithRrt++;
                    }
                }
            }
        }

        private int _audioReceived;

        /// <summary>Runs <paramref name="work"/> on the loop thread and returns its result (or its exception).</summary>
        public Task<T> OnLoopAsync<T>(Func<T> work) => Loop.InvokeAsync(work, Timeout);

        private void Deliver(byte[] datagram, Instant now) => Transport.OnDatagram(Transport.RtpEndpoint, datagram, _peerAddress, now);

        private static byte[] Rtp(byte payloadType, ushort seq, uint timestamp, uint ssrc, byte[] payload)
        {
            var buffer = new byte[1500];
            var builder = new RtpPacketBuilder(buffer);
            builder.TryWriteHeader(false, payloadType, seq, timestamp, ssrc, default);
            builder.TryWritePayload(payload);
            return builder.Written.ToArray();
        }

        public async ValueTask DisposeAsync()
        {
            await OnLoopAsync(() =>
            {
                Transport.Close("test");
                return 0;
            });
            await Loop.StopAsync();
            Loop.Dispose();
            _peer.Dispose();
        }
    }
}
