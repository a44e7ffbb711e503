using Sfu.Media.Sctp;
using Sfu.Media.Sctp.Chunks;

namespace Sfu.Media.Tests.Sctp;

/// <summary>What an association does with bad, unexpected or unknown input from the network.</summary>
public class SctpAssociationInputTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(1);

    private static SctpTestNetwork Connected()
    {
        var net = new SctpTestNetwork(SctpTestNetwork.Client(), SctpTestNetwork.Server());
        net.Connect();
        return net;
    }

    /// <summary>The verification tag B expects (the one A writes on its packets).</summary>
    private static uint TagAtB(SctpTestNetwork net)
    {
        SctpPacket.TryParse(net.SentByA[^1], out SctpPacket p, out _);
        return p.VerificationTag;
    }

    private static byte[] Packet(uint tag, params byte[][] chunks)
    {
        byte[] packet = new byte[SctpPacket.HeaderSize + chunks.Sum(c => c.Length)];
        SctpPacket.WriteHeader(packet, 5000, 5000, tag);
        int offset = SctpPacket.HeaderSize;
        foreach (byte[] c in chunks)
        {
            c.CopyTo(packet, offset);
            offset += c.Length;
        }

        SctpPacket.WriteChecksum(packet);
        return packet;
    }

    private static byte[] DataChunkBytes(uint tsn, ushort stream, ushort ssn, string text)
    {
        byte[] buffer = new byte[64];
        new DataChunk(0x03, tsn, stream, ssn, 51, System.Text.Encoding.ASCII.GetBytes(text)).TryWrite(buffer, out int n);
        return buffer[..n];
    }

    [Fact]
    public void Packets_with_a_wrong_checksum_tag_or_port_and_garbage_are_dropped_and_counted()
    {
        using SctpTestNetwork net = Connected();
        uint tag = TagAtB(net);
        byte[] good = Packet(tag, DataChunkBytes(0x1234, 0, 0, "x"));

        byte[] badChecksum = (byte[])good.Clone();
        badChecksum[^1] ^= 0xFF;
        net.Inject(toB: true, badChecksum);
        net.Inject(toB: true, Packet(tag + 1, DataChunkBytes(0x1234, 0, 0, "x")));
        byte[] wrongPort = Packet(tag, DataChunkBytes(0x1234, 0, 0, "x"));
        wrongPort[1] = 0x89;
        SctpPacket.WriteChecksum(wrongPort);
        net.Inject(toB: true, wrongPort);
        net.Inject(toB: true, [1, 2, 3]);
        net.Inject(toB: true, Packet(tag, [0x00, 0x03, 0x00, 0x02])); // chunk length below its header

        Assert.Equal(1, net.B.GetDropCount(SctpDropReason.BadChecksum));
        Assert.Equal(1, net.B.GetDropCount(SctpDropReason.BadVerificationTag));
        Assert.Equal(1, net.B.GetDropCount(SctpDropReason.WrongPort));
        Assert.Equal(2, net.B.GetDropCount(SctpDropReason.Malformed));
        Assert.Equal(5, net.B.DroppedPackets);
        Assert.Empty(net.MessagesAtB);

        // Still healthy.
        net.A.Send(0, 51, "after"u8, true, null, null, net.Now);
        Assert.True(net.RunUntil(() => net.MessagesAtB.Any(), Limit));
        Assert.Equal(SctpState.Connected, net.B.State);
    }

    [Fact]
    public void A_server_ignores_everything_but_init_before_the_handshake()
    {
        using var server = new SctpAssociation(SctpTestNetwork.Server());
        server.HandleReceive(Packet(0x1111, DataChunkBytes(1, 0, 0, "x")), Sfu.Media.Time.Instant.Zero);

        Assert.Equal(1, server.GetDropCount(SctpDropReason.OutOfTheBlue));
        Assert.False(server.TryPollTransmit(new byte[1500], out _));
        Assert.Equal(SctpState.New, server.State);
    }

    [Fact]
    public void A_tampered_cookie_is_rejected()
    {
        using var net = new SctpTestNetwork(SctpTestNetwork.Client(), SctpTestNetwork.Server());
        net.Filter = (toB, p) =>
        {
            if (toB && p[12] == (byte)SctpChunkType.CookieEcho)
            {
                p[30] ^= 0x01; // a bit of the cookie body
                SctpPacket.WriteChecksum(p);
            }

            return false;
        };
        net.A.Connect(net.Now);
        net.RunFor(TimeSpan.FromSeconds(2));

        Assert.True(net.B.GetDropCount(SctpDropReason.InvalidCookie) >= 1);
        Assert.NotEqual(SctpState.Connected, net.B.State);
    }

    [Fact]
    public void A_duplicated_cookie_echo_gets_another_cookie_ack()
    {
        using var net = new SctpTestNetwork(SctpTestNetwork.Client(), SctpTestNetwork.Server());
        byte[]? echo = null;
        net.Filter = (toB, p) =>
        {
            if (toB && p[12] == (byte)SctpChunkType.CookieEcho)
            {
                echo = p;
            }

            return false;
        };
        net.Connect();
        int sent = net.SentByB.Count;

        net.Inject(toB: true, echo!);

        Assert.Equal(sent + 1, net.SentByB.Count);
        Assert.Equal((byte)SctpChunkType.CookieAck, net.SentByB[^1][12]);
        Assert.Equal(SctpState.Connected, net.B.State);
    }

    [Fact]
    public void A_heartbeat_is_answered_with_its_information()
    {
        using SctpTestNetwork net = Connected();
        byte[] heartbeat = new byte[32];
        new HeartbeatChunk(false, [9, 8, 7, 6, 5]).TryWrite(heartbeat, out int n);

        net.Inject(toB: true, Packet(TagAtB(net), heartbeat[..n]));

        SctpPacket.TryParse(net.SentByB[^1], out SctpPacket reply, out _);
        var reader = new SctpChunkReader(reply.Chunks);
        Assert.True(reader.TryReadNext(out SctpChunk chunk));
        Assert.True(HeartbeatChunk.TryParse(chunk, out HeartbeatChunk ack, out _));
        Assert.True(ack.IsAck);
        Assert.Equal(new byte[] { 9, 8, 7, 6, 5 }, ack.Info.ToArray());
    }

    [Theory]
    [InlineData((byte)0x3F, false, false)] // 00: stop, discard
    [InlineData((byte)0x7F, false, true)]  // 01: stop, discard, report
    [InlineData((byte)0xBF, true, false)]  // 10: skip, continue
    [InlineData((byte)0xFF, true, true)]   // 11: skip, continue, report
    public void Unknown_chunk_types_follow_their_upper_two_bits(byte type, bool continues, bool reports)
    {
        using SctpTestNetwork net = Connected();
        int before = net.SentByB.Count;
        uint tsn = FirstTsnOfA(net);

        net.Inject(toB: true, Packet(TagAtB(net), [type, 0x00, 0x00, 0x08, 1, 2, 3, 4], DataChunkBytes(tsn, 0, 0, "behind")));
        net.RunFor(TimeSpan.FromSeconds(1));

        Assert.Equal(continues, net.MessagesAtB.Any());
        Assert.Equal(1, net.B.GetDropCount(SctpDropReason.UnrecognizedChunk));
        bool reported = net.SentByB.Skip(before).Any(p => ContainsErrorCause(p, SctpErrorCauseCode.UnrecognizedChunkType));
        Assert.Equal(reports, reported);
    }

    /// <summary>The TSN A will use next: its initial TSN, which B learned in the handshake. Read it from A's INIT.</summary>
    private static uint FirstTsnOfA(SctpTestNetwork net)
    {
        SctpPacket.TryParse(net.SentByA[0], out SctpPacket p, out _);
        var reader = new SctpChunkReader(p.Chunks);
        reader.TryReadNext(out SctpChunk chunk);
        InitChunk.TryParse(chunk, out InitChunk init, out _);
        return init.InitialTsn;
    }

    private static bool ContainsErrorCause(byte[] packet, SctpErrorCauseCode code)
    {
        SctpPacket.TryParse(packet, out SctpPacket p, out _);
        var reader = new SctpChunkReader(p.Chunks);
        while (reader.TryReadNext(out SctpChunk chunk))
        {
            if (chunk.Type == (byte)SctpChunkType.Error && ErrorCausesChunk.TryParse(chunk, out ErrorCausesChunk e, out _) && e.FirstCauseCode == code)
            {
                return true;
            }
        }

        return false;
    }

    [Fact]
    public void Data_on_a_stream_beyond_the_negotiated_count_is_acknowledged_and_reported()
    {
        using SctpTestNetwork net = Connected();
        uint tsn = FirstTsnOfA(net);

        net.Inject(toB: true, Packet(TagAtB(net), DataChunkBytes(tsn, 200, 0, "nowhere")));
        net.RunFor(TimeSpan.FromSeconds(1));

        Assert.Empty(net.MessagesAtB);
        Assert.Equal(1, net.B.GetDropCount(SctpDropReason.InvalidStream));
        Assert.Contains(net.SentByB, p => ContainsErrorCause(p, SctpErrorCauseCode.InvalidStreamIdentifier));
    }

    [Fact]
    public void Duplicate_data_is_delivered_once_and_reported_in_the_sack()
    {
        using SctpTestNetwork net = Connected();
        uint tsn = FirstTsnOfA(net);
        byte[] packet = Packet(TagAtB(net), DataChunkBytes(tsn, 1, 0, "once"));

        net.Inject(toB: true, packet);
        net.Inject(toB: true, packet);

        Assert.Single(net.MessagesAtB);
        SctpPacket.TryParse(net.SentByB[^1], out SctpPacket reply, out _);
        var reader = new SctpChunkReader(reply.Chunks);
        Assert.True(reader.TryReadNext(out SctpChunk chunk));
        Assert.True(SackChunk.TryParse(chunk, out SackChunk sack, out _));
        Assert.Equal(tsn, sack.CumulativeTsnAck);
        Assert.Equal(1, sack.DuplicateTsnCount);
        Assert.Equal(tsn, sack.GetDuplicateTsn(0));
    }

    [Fact]
    public void Out_of_order_data_is_acknowledged_at_once_with_a_gap_block()
    {
        using SctpTestNetwork net = Connected();
        uint tsn = FirstTsnOfA(net);

        net.Inject(toB: true, Packet(TagAtB(net), DataChunkBytes(tsn + 2, 1, 2, "third")));

        Assert.Empty(net.MessagesAtB);
        SctpPacket.TryParse(net.SentByB[^1], out SctpPacket reply, out _);
        var reader = new SctpChunkReader(reply.Chunks);
        Assert.True(reader.TryReadNext(out SctpChunk chunk));
        Assert.True(SackChunk.TryParse(chunk, out SackChunk sack, out _));
        Assert.Equal(tsn - 1, sack.CumulativeTsnAck);
        Assert.Equal(1, sack.GapAckBlockCount);
        Assert.Equal(new GapAckBlock(3, 3), sack.GetGapAckBlock(0));

        net.Inject(toB: true, Packet(TagAtB(net), DataChunkBytes(tsn, 1, 0, "first"), DataChunkBytes(tsn + 1, 1, 1, "second")));
        Assert.Equal(["first", "second", "third"], net.MessagesAtB.Select(m => System.Text.Encoding.ASCII.GetString(m.Message)));
    }

    [Fact]
    public void A_peer_abort_closes_the_association()
    {
        using SctpTestNetwork net = Connected();
        byte[] abort = new byte[16];
        ErrorCausesChunk.TryWrite(abort, true, false, SctpErrorCauseCode.UserInitiatedAbort, default, out int n);

        net.Inject(toB: true, Packet(TagAtB(net), abort[..n]));

        Assert.Equal(SctpState.Closed, net.B.State);
        Assert.Equal(SctpSendResult.InvalidState, net.B.Send(0, 51, "x"u8, true, null, null, net.Now));
    }
}
