using System.Net;
using System.Net.Sockets;
using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;
using Sfu.Contracts.Stats;
using Sfu.Contracts.Transports;
using Sfu.Media.Net;
using Sfu.Media.Routing;
using Sfu.Media.Rtp;
using Sfu.Media.Srtp;
using Sfu.Media.Tests.Net;
using Sfu.Media.Transports;

namespace Sfu.Media.Tests.Transports;

/// <summary>
/// Issue 3 item 8, fuzz style: random and damaged datagrams through a whole transport — demux, SRTP, RTP and RTCP
/// parsing, the RTP listener, the producer's streams (validation, NACK generation, RTX), the router's fan-out, the
/// consumers (NACK answers, key frame requests, receiver reports) and the RTCP timers — on a running media loop. The
/// datagrams are handed to the transports on the loop thread exactly as the socket would, one batch per posted work
/// item, so an exception surfaces in the test with its stack (the socket path would catch and count it), and the
/// transports' timers run between batches.
/// </summary>
public sealed class TransportFuzzTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("plain", false, 1)]
    [InlineData("plain", true, 2)]
    [InlineData("pipe", false, 3)]
    [InlineData("pipe", true, 4)]
    [InlineData("plain", false, 5)]
    [InlineData("plain", true, 6)]
    [InlineData("pipe", false, 7)]
    [InlineData("pipe", true, 8)]
    public async Task Random_and_damaged_datagrams_never_throw_are_counted_and_forwarding_survives(string kind, bool srtp, int seed)
    {
        await using var rig = await Rig.StartAsync(kind == "pipe", srtp);
        var starts = new Random(seed);
        var video = new DatagramFuzzer.Stream(Rig.VideoSsrc, 96, starts);
        var fuzzer = new DatagramFuzzer(seed,
            [
                video,
                new DatagramFuzzer.Stream(Rig.VideoRtxSsrc, 97, starts, isRtx: true),
                new DatagramFuzzer.Stream(Rig.AudioSsrc, 111, starts, isAudio: true),
            ],
            rig.ConsumerSsrcs,
            forSrtp: srtp);

        // Every length from 0 to 1500 once, then the mix; into the producers' transport and, RTCP-heavy, into the
        // consumers' transport (receiver feedback: NACKs about what the consumer sent, PLIs, FIRs, reports). Made on
        // the loop thread batch by batch, so the NACKs can name sequence numbers the consumer really sent.
        for (var length = 0; length <= 1500; length += 100)
        {
            var from = length;
            await rig.OnLoopAsync(() =>
            {
                for (var n = from; n < Math.Min(from + 100, 1501); n++)
                {
                    rig.Deliver(false, fuzzer.RandomBytes(n), false);
                }
                return 0;
            });
        }
        for (var batch = 0; batch < 60; batch++)
        {
            var number = batch; // the stranger waits for the first batch: comedia takes whoever sends valid RTP first
            await rig.OnLoopAsync(() =>
            {
                fuzzer.RecentlySent = rig.RecentVideoSequenceNumber;
                for (var i = 0; i < 200; i++)
                {
                    rig.Deliver(false, rig.ProtectSome(fuzzer, fuzzer.Next()), stranger: fuzzer.Random.Next(200) == 0 && number > 0);
                    if (i % 4 == 0)
                    {
                        rig.Deliver(true, fuzzer.Random.Next(3) == 0 ? fuzzer.Damage(fuzzer.Rtcp()) : fuzzer.Rtcp(), false);
                    }
                }
                return 0;
            });
        }

        var drops = await rig.OnLoopAsync(() => Rig.Snapshot(rig.Input.Drops));
        Assert.True(drops[DropReason.NotRtpOrRtcp] > 0);
        Assert.True(drops[DropReason.UnknownSsrc] > 0);
        Assert.True(drops[DropReason.UnknownRemote] > 0);
        if (srtp)
        {
            Assert.True(drops[DropReason.SrtpAuthenticationFailed] > 0);
            Assert.True(drops[DropReason.SrtpReplay] > 0);
        }
        else
        {
            Assert.True(drops[DropReason.BadRtp] > 0);
            Assert.True(drops[DropReason.BadRtcp] > 0);
            Assert.True(drops[DropReason.UnknownPayloadType] > 0);
        }
        Assert.True(await rig.OnLoopAsync(() => rig.Output.Drops[DropReason.BadRtcp]) > 0);

        // The fuzz went deep: the producer's stream took packets, the consumer answered NACKs and key frame requests.
        var (received, sent) = await rig.OnLoopAsync(rig.VideoStats);
        Assert.True(received.PacketCount > 500, $"the video producer took {received.PacketCount} packets");
        Assert.True(sent.PacketCount > 500, $"the video consumer sent {sent.PacketCount} packets");
        // NACKs reach the consumer's stream; whether one is answered depends on what the retransmission buffer kept:
        // like mediasoup's, it refuses packets whose timestamp runs backwards from the newest, which damaged
        // timestamps can make happen for a long while (seen with 1 seed in 500).
        Assert.True(sent.NackCount > 0, "no NACK reached the consumer");
        Assert.True(sent.PliCount > 0 && sent.FirCount > 0 && received.PliCount > 0, "no key frame request went through");

        // Forwarding survives: a clean key-frame-led run, 100 sequence numbers on, goes out through the consumer.
        var before = await rig.OnLoopAsync(rig.VideoPacketsSent);
        var clean = new DatagramFuzzer.Stream(Rig.VideoSsrc, 96) { Seq = unchecked((ushort)(video.Seq + 100)), Timestamp = video.Timestamp };
        await rig.OnLoopAsync(() =>
        {
            for (var i = 0; i < 300; i++)
            {
                rig.Deliver(false, rig.ProtectAll(Rig.CleanVideo(clean, keyFrame: i == 0)), false);
            }
            return 0;
        });
        var after = await rig.OnLoopAsync(rig.VideoPacketsSent);
        var dropsAfter = await rig.OnLoopAsync(() => Rig.Snapshot(rig.Input.Drops));
        Assert.True(after - before >= 290, $"the video consumer sent {after - before} of 300 clean packets after the fuzz; drops "
            + string.Join(", ", dropsAfter.Select(e => $"{e.Key} {drops[e.Key]} → {e.Value}")));

        Assert.Equal(0, rig.Loop.WorkFailures);
        Assert.Empty(rig.Errors);
    }

    /// <summary>
    /// A media loop with a router: a VP8 (+RTX) and an Opus producer on the input transport (comedia plain, or pipe), a
    /// simple consumer of each on a plain transport that sends to a socket nobody reads.
    /// </summary>
    private sealed class Rig : MediaRigListeners, IAsyncDisposable
    {
        public const uint VideoSsrc = 1111;
        public const uint VideoRtxSsrc = 1112;
        public const uint AudioSsrc = 2222;

        private readonly Socket _sender = Bind();
        private readonly Socket _stranger = Bind();
        private readonly Socket _sink = Bind();
        private readonly Random _random = new(7);
        private readonly List<byte[]> _sentProtected = [];
        private SrtpContext? _srtp;
        private Consumer _videoConsumer = null!;
        private NetAddress _from;
        private NetAddress _strangerAddress;
        private NetAddress _sinkAddress;
        private readonly byte[] _sinkBuffer = new byte[2048];
        private readonly ushort[] _recentVideoSequenceNumbers = new ushort[64];
        private int _recentCount;

        private Rig()
        {
            Loop = new MediaLoop("fuzz", this);
        }

        public MediaLoop Loop { get; }

        public Transport Input { get; private set; } = null!;

        public Transport Output { get; private set; } = null!;

        public uint[] ConsumerSsrcs { get; private set; } = [];

        public static async Task<Rig> StartAsync(bool pipe, bool srtp)
        {
            var rig = new Rig();
            rig.Loop.Start();
            await rig.OnLoopAsync(() => rig.Setup(pipe, srtp));
            return rig;
        }

        private int Setup(bool pipe, bool srtp)
        {
            _from = NetAddress.FromIPEndPoint((IPEndPoint)_sender.LocalEndPoint!);
            _strangerAddress = NetAddress.FromIPEndPoint((IPEndPoint)_stranger.LocalEndPoint!);
            _sinkAddress = NetAddress.FromIPEndPoint((IPEndPoint)_sink.LocalEndPoint!);
            var context = new WorkerContext(Loop, 0, this);
            var router = new Router("router", global::Sfu.Media.Ortc.Ortc.GenerateRouterRtpCapabilities(
            [
                new RtpCodecCapability { Kind = MediaKind.Audio, MimeType = "audio/opus", ClockRate = 48000, Channels = 2 },
                new RtpCodecCapability { Kind = MediaKind.Video, MimeType = "video/VP8", ClockRate = 90000 },
            ]), context, this);
            var listen = new TransportListenInfo { Protocol = TransportProtocol.Udp, Ip = "127.0.0.1" };

            var key = srtp ? SrtpMasterKey.Generate(pipe ? SrtpProfile.AeadAes256Gcm : SrtpProfile.AesCm128HmacSha1_80) : null;
            var parameters = key is null ? null : new SrtpParameters
            {
                CryptoSuite = pipe ? SrtpCryptoSuite.AeadAes256Gcm : SrtpCryptoSuite.AesCm128HmacSha1Tag80,
                KeyBase64 = key.ToBase64(),
            };
            _srtp = key is null ? null : new SrtpContext(key);
            if (pipe)
            {
                var transport = PipeTransport.Create("input", router, new PipeTransportOptions { ListenInfo = listen, EnableSrtp = srtp, EnableRtx = true }, this);
                transport.Connect(new PipeTransportConnectParameters { Ip = "127.0.0.1", Port = _from.Port, SrtpParameters = parameters });
                Input = transport;
            }
            else
            {
                var transport = PlainTransport.Create("input", router, new PlainTransportOptions { ListenInfo = listen, Comedia = true, EnableSrtp = srtp }, this);
                if (srtp)
                {
                    transport.Connect(new PlainTransportConnectParameters { SrtpParameters = parameters });
                }
                Input = transport;
            }

            var video = Input.Produce("video", new ProducerOptions
            {
                Kind = MediaKind.Video,
                RtpParameters = new RtpParameters
                {
                    Codecs =
                    [
                        new RtpCodecParameters
                        {
                            MimeType = "video/VP8", PayloadType = 96, ClockRate = 90000,
                            RtcpFeedback = [new RtcpFeedback("nack"), new RtcpFeedback("nack", "pli"), new RtcpFeedback("ccm", "fir")],
                        },
                        new RtpCodecParameters
                        {
                            MimeType = "video/rtx", PayloadType = 97, ClockRate = 90000,
                            Parameters = new Dictionary<string, CodecParameterValue> { ["apt"] = 96 },
                        },
                    ],
                    HeaderExtensions =
                    [
                        new RtpHeaderExtensionParameters { Uri = RtpHeaderExtensionUris.AbsSendTime, Id = 3 },
                        new RtpHeaderExtensionParameters { Uri = RtpHeaderExtensionUris.VideoOrientation, Id = 4 },
                        new RtpHeaderExtensionParameters { Uri = RtpHeaderExtensionUris.TransportWideCc01, Id = 5 },
                        new RtpHeaderExtensionParameters { Uri = RtpHeaderExtensionUris.TimeOffset, Id = 6 },
                    ],
                    Encodings = [new RtpEncodingParameters { Ssrc = VideoSsrc, Rtx = new RtpEncodingRtx(VideoRtxSsrc) }],
                },
            }, this);
            var audio = Input.Produce("audio", new ProducerOptions
            {
                Kind = MediaKind.Audio,
                RtpParameters = new RtpParameters
                {
                    Codecs = [new RtpCodecParameters { MimeType = "audio/opus", PayloadType = 111, ClockRate = 48000, Channels = 2 }],
                    HeaderExtensions = [new RtpHeaderExtensionParameters { Uri = RtpHeaderExtensionUris.SsrcAudioLevel, Id = 2 }],
                    Encodings = [new RtpEncodingParameters { Ssrc = AudioSsrc }],
                },
            }, this);

            var output = PlainTransport.Create("output", router, new PlainTransportOptions { ListenInfo = listen }, this);
            output.Connect(new PlainTransportConnectParameters { Ip = "127.0.0.1", Port = _sinkAddress.Port });
            Output = output;
            _videoConsumer = output.Consume("video-consumer", new ConsumerOptions { ProducerId = video.Id, RtpCapabilities = router.RtpCapabilities }, this);
            var audioConsumer = output.Consume("audio-consumer", new ConsumerOptions { ProducerId = audio.Id, RtpCapabilities = router.RtpCapabilities }, this);
            ConsumerSsrcs = [.. _videoConsumer.MediaSsrcs, .. _videoConsumer.RtxSsrcs, .. audioConsumer.MediaSsrcs];
            return 0;
        }

        /// <summary>Runs <paramref name="work"/> on the loop thread and returns its result (or its exception).</summary>
        public Task<T> OnLoopAsync<T>(Func<T> work) => Loop.InvokeAsync(work, Timeout);

        /// <summary>The counters by reason, copied (loop thread).</summary>
        public static Dictionary<DropReason, long> Snapshot(DropCounters drops) =>
            Enum.GetValues<DropReason>().ToDictionary(r => r, r => drops[r]);

        /// <summary>Hands a datagram to a transport as its socket would (loop thread).</summary>
        public void Deliver(bool toOutput, byte[] datagram, bool stranger)
        {
            var copy = datagram.ToArray(); // the transport may decrypt in place
            if (toOutput)
            {
                var output = (PlainTransport)Output;
                output.OnDatagram(output.RtpEndpoint, copy, _sinkAddress, Loop.Now);
                return;
            }
            var endpoint = Input is PlainTransport plain ? plain.RtpEndpoint : ((PipeTransport)Input).Endpoint;
            Input.OnDatagram(endpoint, copy, stranger ? _strangerAddress : _from, Loop.Now);
        }

        /// <summary>With SRTP: protects most datagrams (some then damaged), replays some; without: as is.</summary>
        public byte[] ProtectSome(DatagramFuzzer fuzzer, byte[] datagram)
        {
            if (_srtp is null)
            {
                return datagram;
            }
            var roll = _random.Next(100);
            if (roll < 5 && _sentProtected.Count > 0)
            {
                return _sentProtected[_random.Next(_sentProtected.Count)]; // a replay
            }
            if (roll < 10)
            {
                return datagram; // not protected at all
            }
            var protectedDatagram = Protect(datagram);
            if (protectedDatagram is null)
            {
                return datagram;
            }
            if (_random.Next(4) == 0)
            {
                return fuzzer.Damage(protectedDatagram, keepRtpIdentity: false);
            }
            if (_sentProtected.Count < 500)
            {
                _sentProtected.Add(protectedDatagram);
            }
            return protectedDatagram;
        }

        public byte[] ProtectAll(byte[] datagram) => _srtp is null ? datagram : Protect(datagram) ?? datagram;

        private byte[]? Protect(byte[] datagram)
        {
            var buffer = new byte[datagram.Length + 64];
            datagram.CopyTo(buffer, 0);
            var rtcp = RtpPacketViewIsRtcp(datagram);
            var ok = rtcp
                ? _srtp!.TryProtectRtcp(buffer, datagram.Length, out var length, out _)
                : _srtp!.TryProtectRtp(buffer, datagram.Length, out length, out _);
            return ok ? buffer[..length] : null;
        }

        private static bool RtpPacketViewIsRtcp(byte[] datagram) => RtpPacketView.IsRtcp(datagram);

        /// <summary>A clean VP8 packet on <paramref name="stream"/> (next sequence number).</summary>
        public static byte[] CleanVideo(DatagramFuzzer.Stream stream, bool keyFrame)
        {
            var buffer = new byte[1300];
            var builder = new RtpPacketBuilder(buffer);
            stream.Seq++;
            builder.TryWriteHeader(false, 96, stream.Seq, stream.Timestamp += 3000, VideoSsrc, default);
            var payload = new byte[1000];
            payload[0] = 0x10;
            payload[1] = keyFrame ? (byte)0x10 : (byte)0x11;
            builder.TryWritePayload(payload);
            return builder.Written.ToArray();
        }

        /// <summary>
        /// One of the last 64 sequence numbers of video packets that reached the sink (loop thread; reads what the
        /// sink has received so far), or a random one before any.
        /// </summary>
        public ushort RecentVideoSequenceNumber()
        {
            var ssrc = _videoConsumer.MediaSsrcs[0];
            while (_sink.Available > 0)
            {
                var length = _sink.Receive(_sinkBuffer);
                if (length >= 12 && !RtpPacketView.IsRtcp(_sinkBuffer.AsSpan(0, length))
                    && System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(_sinkBuffer.AsSpan(8)) == ssrc)
                {
                    _recentVideoSequenceNumbers[_recentCount++ % _recentVideoSequenceNumbers.Length] =
                        System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(_sinkBuffer.AsSpan(2));
                }
            }
            return _recentCount == 0 ? (ushort)_random.Next(0x10000)
                : _recentVideoSequenceNumbers[_random.Next(Math.Min(_recentCount, _recentVideoSequenceNumbers.Length))];
        }

        /// <summary>The video producer's inbound-rtp and the video consumer's outbound-rtp (loop thread).</summary>
        public (InboundRtpStats Received, OutboundRtpStats Sent) VideoStats() =>
            ((InboundRtpStats)Input.GetProducer("video")!.GetStats(Loop.Now)[0], (OutboundRtpStats)_videoConsumer.GetStats(Loop.Now)[0]);

        /// <summary>Packets the video consumer has sent (loop thread).</summary>
        public long VideoPacketsSent() =>
            ((OutboundRtpStats)_videoConsumer.GetStats(Loop.Now)[0]).PacketCount;

        public async ValueTask DisposeAsync()
        {
            await OnLoopAsync(() =>
            {
                Input.Close("test");
                Output.Close("test");
                return 0;
            });
            await Loop.StopAsync();
            Loop.Dispose();
            _srtp?.Dispose();
            _sender.Dispose();
            _stranger.Dispose();
            _sink.Dispose();
        }

        private static Socket Bind()
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return socket;
        }
    }
}
