using System.Buffers.Binary;
using System.Net;
using Sfu.Actors.Cluster;
using Sfu.Client;
using Sfu.Contracts.Api;
using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;
using Sfu.Contracts.Transports;
using Sfu.Media.Rtcp;
using Sfu.Media.Srtp;

namespace Sfu.Interop.Tests.Sfu;

/// <summary>
/// Issue 3 item 8: bad datagrams sent over real UDP to a live node's plain and pipe transports — truncated, garbage,
/// from a stranger, RTP nobody produces, RTCP with lying lengths, SRTP with a bad tag, replayed SRTP — are dropped and
/// counted per reason in <c>transport.dump().packetDrops</c>, the consumer keeps forwarding the valid media around them
/// (its sequence numbers continuous), and no exception reaches the worker thread.
/// </summary>
public sealed class BadInputTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_plain_transport_counts_each_bad_datagram_under_its_reason_and_keeps_forwarding()
    {
        await using var lab = await Lab.StartAsync("bad-plain");
        var input = await lab.Router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = SfuFixture.Loopback, Comedia = true });
        await lab.ConsumeAsync(await input.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = SfuFixture.Vp8Sent(1111) }));
        var link = new Link(lab, SfuFixture.EndPointOf(input.Tuple), new Vp8PacketSource(1111) { FirstSequenceNumber = 1000 });

        await link.SendValidAsync(30);
        var bad = new List<Bad>(PlainRtpAndRtcp(link));
        bad.Add(new Bad("a valid packet from another address", link.Source.Peek(), "unknownRemote", FromStranger: true));
        await link.SendBadThenValidAsync(bad, 30);

        await lab.AssertDropsAsync(input, bad);
        lab.AssertForwardedContinuously(60);
    }

    [Theory]
    [InlineData(SrtpCryptoSuite.AesCm128HmacSha1Tag80)]
    [InlineData(SrtpCryptoSuite.AeadAes128Gcm)]
    public async Task An_srtp_plain_transport_drops_bad_tags_replays_and_plain_rtp_and_keeps_forwarding(SrtpCryptoSuite suite)
    {
        await using var lab = await Lab.StartAsync("bad-srtp");
        var input = await lab.Router.CreatePlainTransportAsync(new PlainTransportOptions
        {
            ListenInfo = SfuFixture.Loopback, Comedia = true, EnableSrtp = true, SrtpCryptoSuite = suite,
        });
        var srtp = new SenderSrtp(suite);
        await input.ConnectAsync(new PlainTransportConnectParameters { SrtpParameters = srtp.Parameters });
        await lab.ConsumeAsync(await input.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = SfuFixture.Vp8Sent(1111) }));
        var link = new Link(lab, SfuFixture.EndPointOf(input.Tuple), new Vp8PacketSource(1111) { FirstSequenceNumber = 1000 }, srtp);

        await link.SendValidAsync(30);
        var bad = new List<Bad>(SrtpRtpAndRtcp(link));
        bad.Add(new Bad("a valid packet from another address", link.Source.Peek(), "unknownRemote", FromStranger: true));
        await link.SendBadThenValidAsync(bad, 30);

        await lab.AssertDropsAsync(input, bad);
        lab.AssertForwardedContinuously(60);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_pipe_transport_counts_each_bad_datagram_under_its_reason_and_keeps_forwarding(bool enableSrtp)
    {
        await using var lab = await Lab.StartAsync(enableSrtp ? "bad-pipe-srtp" : "bad-pipe");
        var pipe = await lab.Router.CreatePipeTransportAsync(new PipeTransportOptions { ListenInfo = SfuFixture.Loopback, EnableSrtp = enableSrtp });
        var srtp = enableSrtp ? new SenderSrtp(SrtpCryptoSuite.AeadAes256Gcm) : null;
        await pipe.ConnectAsync(new PipeTransportConnectParameters
        {
            Ip = "127.0.0.1", Port = lab.Sender.Port, SrtpParameters = srtp?.Parameters,
        });
        await lab.ConsumeAsync(await pipe.ProduceAsync(new ProducerOptions { Kind = MediaKind.Video, RtpParameters = SfuFixture.Vp8Sent(2222) }));
        var link = new Link(lab, SfuFixture.EndPointOf(pipe.Tuple), new Vp8PacketSource(2222) { FirstSequenceNumber = 1000 }, srtp);

        await link.SendValidAsync(30);
        var bad = new List<Bad>(srtp is null ? PlainRtpAndRtcp(link) : SrtpRtpAndRtcp(link));
        bad.Add(new Bad("a valid packet from another address", link.Source.Peek(), "unknownRemote", FromStranger: true));
        await link.SendBadThenValidAsync(bad, 30);

        await lab.AssertDropsAsync(pipe, bad);
        lab.AssertForwardedContinuously(60);
    }

    /// <summary>Bad datagrams for a transport without SRTP (built around the link's next valid packet).</summary>
    private static IEnumerable<Bad> PlainRtpAndRtcp(Link link)
    {
        var valid = link.Source.Peek(); // the next valid packet; it is itself sent later, in order
        var seq = BinaryPrimitives.ReadUInt16BigEndian(valid.AsSpan(2));

        yield return new Bad("an empty datagram", [], "notRtpOrRtcp");
        yield return new Bad("3 bytes", [0x80, 0x60, 0x00], "notRtpOrRtcp");
        yield return new Bad("garbage (version 0)", Garbage(200, 0x00), "notRtpOrRtcp");
        yield return new Bad("garbage (version 1)", Garbage(1200, 0x40), "notRtpOrRtcp");
        yield return new Bad("an RTP packet cut to 11 bytes", valid[..11], "badRtp");
        yield return new Bad("an RTP packet announcing 15 CSRCs", With(valid[..40], b => b[0] |= 0x0F), "badRtp");
        yield return new Bad("an RTP header extension longer than the packet", RtpWithExtensionLength(valid, 200), "badRtp");
        yield return new Bad("an RTP packet with more padding than payload", With(valid, b => { b[0] |= 0x20; b[^1] = 255; }, cut: 12 + 40), "badRtp");
        yield return new Bad("RTP with an SSRC nobody produces", With(valid, b => BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(8), 0xBAD0BAD0)), "unknownSsrc");
        yield return new Bad("RTP with a payload type the producer did not declare", With(valid, b => b[1] = 100), "unknownPayloadType");
        yield return new Bad("RTP jumping 30 000 sequence numbers ahead", With(valid, b => BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(2), unchecked((ushort)(seq + 30000)))), "invalidSequence");
        foreach (var rtcp in LyingRtcp())
        {
            yield return rtcp;
        }
    }

    /// <summary>Bad datagrams for an SRTP transport: SRTP failures, then valid SRTP whose content is bad.</summary>
    private static IEnumerable<Bad> SrtpRtpAndRtcp(Link link)
    {
        var srtp = link.Srtp!;
        var valid = link.Source.Peek();
        var seq = BinaryPrimitives.ReadUInt16BigEndian(valid.AsSpan(2));

        yield return new Bad("an empty datagram", [], "notRtpOrRtcp");
        yield return new Bad("garbage (version 0)", Garbage(200, 0x00), "notRtpOrRtcp");
        yield return new Bad("an SRTP packet cut shorter than header and tag", srtp.ProtectAside(valid)[..14], "srtpOther");
        yield return new Bad("SRTP with a flipped tag bit", With(srtp.ProtectAside(valid), b => b[^1] ^= 0x01), "srtpAuthenticationFailed");
        yield return new Bad("SRTP with a flipped payload bit", With(srtp.ProtectAside(valid), b => b[40] ^= 0x80), "srtpAuthenticationFailed");
        yield return new Bad("plain RTP", valid, "srtpAuthenticationFailed");
        yield return new Bad("a replayed SRTP packet", link.LastValidProtected!, "srtpReplay");
        yield return new Bad("SRTCP with a flipped tag bit", With(srtp.ProtectRtcp(ReceiverReport()), b => b[^1] ^= 0x01), "srtpAuthenticationFailed");
        var rtcp = srtp.ProtectRtcp(ReceiverReport());
        yield return new Bad("a valid SRTCP packet", rtcp, null);
        yield return new Bad("a replayed SRTCP packet", rtcp, "srtpReplay");
        // Authenticated, so their content is what gets them dropped.
        yield return new Bad("SRTP with an SSRC nobody produces", srtp.ProtectAside(With(valid, b => BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(8), 0xBAD0BAD0))), "unknownSsrc");
        yield return new Bad("SRTP with a payload type the producer did not declare",
            srtp.ProtectAside(With(valid, b => { b[1] = 100; BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(2), unchecked((ushort)(seq + 500))); })), "unknownPayloadType");
        foreach (var lie in LyingRtcp())
        {
            yield return lie with { Name = "SRTCP: " + lie.Name, Bytes = srtp.ProtectRtcp(lie.Bytes) };
        }
    }

    /// <summary>RTCP whose lengths do not hold.</summary>
    private static IEnumerable<Bad> LyingRtcp()
    {
        var rr = ReceiverReport();
        var sr = new byte[28];
        new SenderReportWriter(0x5E1F, default, 0, 0, 0, []).TryWrite(sr, out _);
        yield return new Bad("an SR whose length runs past the datagram", With(sr, b => BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(2), 12)), "badRtcp");
        yield return new Bad("an SR whose length stops short of the datagram", With(sr, b => BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(2), 2)), "badRtcp");
        yield return new Bad("a compound whose second packet's length runs past the datagram",
            [.. rr, 0x81, 202, 0, 40, 0, 0, 0x5E, 0x1F], "badRtcp");
        yield return new Bad("an RR announcing 3 report blocks and carrying none", With(rr, b => b[0] = 0x83), "badRtcp");
        yield return new Bad("an RTCP header cut to 6 bytes after a valid RR", [.. rr, 0x80, 201, 0, 1, 0, 0], "badRtcp");
    }

    private static byte[] ReceiverReport()
    {
        var rr = new byte[8];
        Assert.True(new ReceiverReportWriter(0x5E1F, []).TryWrite(rr, out _));
        return rr;
    }

    private static byte[] Garbage(int length, byte versionBits)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        bytes[0] = (byte)((bytes[0] & 0x3F) | versionBits);
        return bytes;
    }

    /// <summary>A copy of <paramref name="packet"/> (optionally cut to <paramref name="cut"/> bytes) with <paramref name="change"/> applied.</summary>
    private static byte[] With(byte[] packet, Action<byte[]> change, int? cut = null)
    {
        var copy = packet[..(cut ?? packet.Length)];
        change(copy);
        return copy;
    }

    /// <summary>The fixed header of <paramref name="valid"/> with an RFC 8285 block that claims <paramref name="words"/> words, then 8 bytes.</summary>
    private static byte[] RtpWithExtensionLength(byte[] valid, int words)
    {
        var packet = new byte[12 + 4 + 8];
        valid.AsSpan(0, 12).CopyTo(packet);
        packet[0] |= 0x10;
        packet[12] = 0xBE;
        packet[13] = 0xDE;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(14), (ushort)words);
        return packet;
    }

    /// <summary>One bad datagram, what it is, and the drop reason it must be counted under (null: valid, not a drop).</summary>
    private sealed record Bad(string Name, byte[] Bytes, string? Reason, bool FromStranger = false);

    /// <summary>The sender's side of an SRTP link: its key (given to connect) and its contexts.</summary>
    private sealed class SenderSrtp(SrtpCryptoSuite suite)
    {
        private readonly SrtpMasterKey _key = SrtpMasterKey.Generate(ToProfile(suite));
        private SrtpContext? _main;

        public SrtpParameters Parameters => new() { CryptoSuite = suite, KeyBase64 = _key.ToBase64() };

        /// <summary>The context of the valid stream (and of all SRTCP, whose index must keep rising).</summary>
        private SrtpContext Main => _main ??= new SrtpContext(_key);

        public byte[] Protect(byte[] rtp) => ProtectWith(Main, rtp);

        /// <summary>Protects with a fresh context of the same key: right bytes, without advancing the valid stream's state.</summary>
        public byte[] ProtectAside(byte[] rtp)
        {
            using var aside = new SrtpContext(_key);
            return ProtectWith(aside, rtp);
        }

        public byte[] ProtectRtcp(byte[] rtcp)
        {
            var buffer = new byte[rtcp.Length + 64];
            rtcp.CopyTo(buffer, 0);
            Assert.True(Main.TryProtectRtcp(buffer, rtcp.Length, out var length, out var error), error.ToString());
            return buffer[..length];
        }

        private static byte[] ProtectWith(SrtpContext context, byte[] rtp)
        {
            var buffer = new byte[rtp.Length + 64];
            rtp.CopyTo(buffer, 0);
            Assert.True(context.TryProtectRtp(buffer, rtp.Length, out var length, out var error), error.ToString());
            return buffer[..length];
        }

        private static SrtpProfile ToProfile(SrtpCryptoSuite suite) => suite switch
        {
            SrtpCryptoSuite.AesCm128HmacSha1Tag80 => SrtpProfile.AesCm128HmacSha1_80,
            SrtpCryptoSuite.AesCm128HmacSha1Tag32 => SrtpProfile.AesCm128HmacSha1_32,
            SrtpCryptoSuite.AeadAes128Gcm => SrtpProfile.AeadAes128Gcm,
            _ => SrtpProfile.AeadAes256Gcm,
        };
    }

    /// <summary>The test's sending side towards one transport: a packet source, optional SRTP, and the send steps.</summary>
    private sealed class Link(Lab lab, IPEndPoint target, Vp8PacketSource source, SenderSrtp? srtp = null)
    {
        public Vp8PacketSource Source => source;

        public SenderSrtp? Srtp => srtp;

        /// <summary>The last valid packet sent, as sent (SRTP-protected when the link has SRTP).</summary>
        public byte[]? LastValidProtected { get; private set; }

        public byte[] Protect(byte[] rtp) => srtp is null ? rtp : srtp.Protect(rtp);

        /// <summary>Sends <paramref name="count"/> valid packets and waits until the consumer forwarded them all.</summary>
        public async Task SendValidAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                LastValidProtected = Protect(source.Next());
                lab.Sender.Send(LastValidProtected, target);
            }
            await lab.Sink.WaitForRtpAsync(lab.ConsumerSsrc, (int)source.Written, Timeout);
        }

        /// <summary>
        /// Sends the bad datagrams, then <paramref name="validCount"/> valid packets from the same socket; once the
        /// consumer forwarded those, the worker has handled every bad one before them (one socket, one thread, in order).
        /// The stranger's datagrams go first, so they have been handled too.
        /// </summary>
        public async Task SendBadThenValidAsync(IReadOnlyList<Bad> bad, int validCount)
        {
            foreach (var b in bad.Where(b => b.FromStranger))
            {
                lab.Stranger.Send(b.Bytes, target);
            }
            foreach (var b in bad.Where(b => !b.FromStranger))
            {
                lab.Sender.Send(b.Bytes, target);
            }
            await SendValidAsync(validCount);
        }
    }

    /// <summary>A node with one worker, a router, a consumer on a plain transport to a sink, a sender and a stranger socket.</summary>
    private sealed class Lab : IAsyncDisposable
    {
        private Lab(SfuNode node, SfuClient sfu, IRouter router)
        {
            Node = node;
            Sfu = sfu;
            Router = router;
        }

        public SfuNode Node { get; }

        public SfuClient Sfu { get; }

        public IRouter Router { get; }

        public UdpPeer Sink { get; } = UdpPeer.Start("sink");

        public UdpPeer Sender { get; } = UdpPeer.Start("sender");

        public UdpPeer Stranger { get; } = UdpPeer.Start("stranger");

        public IConsumer Consumer { get; private set; } = null!;

        public ITransport Output { get; private set; } = null!;

        public uint ConsumerSsrc => Consumer.RtpParameters.Encodings![0].Ssrc!.Value;

        public static async Task<Lab> StartAsync(string nodeId)
        {
            var node = SfuNode.Start(new NodeSettings { NodeId = nodeId, Workers = 1 });
            var sfu = new SfuClient(node.Connect());
            return new Lab(node, sfu, await sfu.CreateRouterAsync(SfuFixture.Codecs()));
        }

        public async Task ConsumeAsync(IProducer producer)
        {
            var output = await Router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = SfuFixture.Loopback });
            Consumer = await output.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, RtpCapabilities = Router.RtpCapabilities });
            await output.ConnectAsync(new PlainTransportConnectParameters { Ip = "127.0.0.1", Port = Sink.Port });
            Output = output;
        }

        /// <summary>The transport's packetDrops are exactly the bad datagrams by reason; nothing else dropped or failed.</summary>
        public async Task AssertDropsAsync(ITransport input, IReadOnlyList<Bad> bad)
        {
            var expected = bad.Where(b => b.Reason is not null).GroupBy(b => b.Reason!)
                .ToDictionary(g => g.Key, g => (long)g.Count());
            var dump = await input.DumpAsync();
            Assert.NotNull(dump.PacketDrops);
            var why = string.Join("; ", bad.Select(b => $"{b.Name} → {b.Reason ?? "kept"}"));
            Assert.True(expected.OrderBy(e => e.Key).SequenceEqual(dump.PacketDrops.OrderBy(e => e.Key)),
                $"packetDrops {Format(dump.PacketDrops)}, expected {Format(expected)} for: {why}");
            Assert.Null((await Output.DumpAsync()).PacketDrops);
            Assert.All(Node.Workers, w => Assert.Equal(0, w.Loop.WorkFailures));
        }

        /// <summary>The consumer sent <paramref name="count"/> packets with consecutive sequence numbers.</summary>
        public void AssertForwardedContinuously(int count)
        {
            var sequence = Sink.Received.Where(d => !d.IsRtcp && d.Ssrc == ConsumerSsrc).Select(d => d.SequenceNumber).ToArray();
            Assert.Equal(count, sequence.Length);
            for (var i = 1; i < sequence.Length; i++)
            {
                Assert.Equal(unchecked((ushort)(sequence[i - 1] + 1)), sequence[i]);
            }
        }

        private static string Format(IEnumerable<KeyValuePair<string, long>> drops) =>
            "{" + string.Join(", ", drops.OrderBy(e => e.Key).Select(e => $"{e.Key}: {e.Value}")) + "}";

        public async ValueTask DisposeAsync()
        {
            Sink.Dispose();
            Sender.Dispose();
            Stranger.Dispose();
            await Sfu.DisposeAsync();
            await Node.DisposeAsync();
        }
    }
}
