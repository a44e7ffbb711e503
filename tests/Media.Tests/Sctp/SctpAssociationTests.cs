using System.Text;
using Sfu.Media.Sctp;

namespace Sfu.Media.Tests.Sctp;

public class SctpAssociationTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    [Fact]
    public void Client_and_server_connect_with_the_four_way_handshake()
    {
        using var net = new SctpTestNetwork(SctpTestNetwork.Client(), SctpTestNetwork.Server());

        net.Connect();

        Assert.Equal([SctpState.Connecting, SctpState.Connected], net.EventsA.Where(e => e.Kind == SctpEventKind.StateChanged).Select(e => e.State));
        Assert.Equal([SctpState.Connecting, SctpState.Connected], net.EventsB.Where(e => e.Kind == SctpEventKind.StateChanged).Select(e => e.State));
        Assert.Equal(16, net.A.NegotiatedOutboundStreams);
        Assert.Equal(16, net.B.NegotiatedInboundStreams);
        // INIT, COOKIE ECHO from the client; INIT ACK, COOKIE ACK from the server.
        Assert.Equal(2, net.SentByA.Count);
        Assert.Equal(2, net.SentByB.Count);
    }

    [Fact]
    public void Small_ordered_messages_flow_both_ways()
    {
        using var net = new SctpTestNetwork(SctpTestNetwork.Client(), SctpTestNetwork.Server());
        net.Connect();

        Assert.Equal(SctpSendResult.Success, net.A.Send(3, 51, "hello"u8, ordered: true, null, null, net.Now));
        Assert.Equal(SctpSendResult.Success, net.B.Send(4, 53, "world"u8, ordered: true, null, null, net.Now));
        Assert.True(net.RunUntil(() => net.MessagesAtA.Any() && net.MessagesAtB.Any(), Limit));

        ReceivedEvent atB = Assert.Single(net.MessagesAtB);
        Assert.Equal((ushort)3, atB.StreamId);
        Assert.Equal(51u, atB.Ppid);
        Assert.Equal("hello", Encoding.ASCII.GetString(atB.Message));
        ReceivedEvent atA = Assert.Single(net.MessagesAtA);
        Assert.Equal((ushort)4, atA.StreamId);
        Assert.Equal(53u, atA.Ppid);
        Assert.Equal("world", Encoding.ASCII.GetString(atA.Message));
    }

    public static TheoryData<double, int> LossySeeds => new()
    {
        { 0.0, 1 },
        { 0.05, 2 },
        { 0.1, 3 },
        { 0.2, 4 },
        { 0.3, 5 },
        { 0.3, 6 },
    };

    private static NetworkConditions Lossy(double loss, int seed) => new()
    {
        Loss = loss,
        Duplication = loss / 3,
        Reordering = loss,
        Seed = seed,
    };

    [Theory]
    [MemberData(nameof(LossySeeds))]
    public void A_thousand_ordered_messages_arrive_in_order_exactly_once_under_loss_reordering_and_duplication(double loss, int seed)
    {
        using var net = new SctpTestNetwork(SctpTestNetwork.Client(), SctpTestNetwork.Server(), Lossy(loss, seed));
        net.Connect();

        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal(SctpSendResult.Success, net.A.Send((ushort)(i % 3), (uint)(50 + (i % 4)), Encoding.ASCII.GetBytes($"m{i}"), ordered: true, null, null, net.Now));
        }

        Assert.True(net.RunUntil(() => net.MessagesAtB.Count() >= 1000 && net.A.BufferedAmount == 0, Limit),
            $"got {net.MessagesAtB.Count()}, buffered {net.A.BufferedAmount}, A {net.A.State} B {net.B.State}\n{net.DescribeTail(6)}");

        var received = net.MessagesAtB.ToList();
        Assert.Equal(1000, received.Count);
        for (ushort stream = 0; stream < 3; stream++)
        {
            var expected = Enumerable.Range(0, 1000).Where(i => i % 3 == stream).Select(i => $"m{i}");
            Assert.Equal(expected, received.Where(m => m.StreamId == stream).Select(m => Encoding.ASCII.GetString(m.Message)));
        }

        Assert.All(received, m => Assert.Equal((uint)(50 + (int.Parse(Encoding.ASCII.GetString(m.Message).AsSpan(1)) % 4)), m.Ppid));
        Assert.Equal(1000, net.B.MessagesReceived);
    }

    [Theory]
    [MemberData(nameof(LossySeeds))]
    public void Unordered_messages_all_arrive_exactly_once(double loss, int seed)
    {
        using var net = new SctpTestNetwork(SctpTestNetwork.Client(), SctpTestNetwork.Server(), Lossy(loss, seed));
        net.Connect();

        for (int i = 0; i < 500; i++)
        {
            Assert.Equal(SctpSendResult.Success, net.B.Send(1, 53, BitConverter.GetBytes(i), ordered: false, null, null, net.Now));
        }

        Assert.True(net.RunUntil(() => net.MessagesAtA.Count() >= 500 && net.B.BufferedAmount == 0, Limit));

        Assert.Equal(Enumerable.Range(0, 500), net.MessagesAtA.Select(m => BitConverter.ToInt32(m.Message)).Order());
    }

    [Theory]
    [MemberData(nameof(LossySeeds))]
    public void Big_messages_are_fragmented_and_reassembled(double loss, int seed)
    {
        using var net = new SctpTestNetwork(SctpTestNetwork.Client() with { SendBufferSize = 1_000_000 }, SctpTestNetwork.Server(), Lossy(loss, seed));
        net.Connect();
        var random = new Random(seed);
        var sent = new List<byte[]>();
        int[] sizes = [1172, 1173, 5000, 65_536, 100_000, 1, 262_144 / 2];
        foreach (int size in sizes)
        {
            byte[] message = new byte[size];
            random.NextBytes(message);
            sent.Add(message);
            Assert.Equal(SctpSendResult.Success, net.A.Send(2, 53, message, ordered: size % 2 == 0, null, null, net.Now));
        }

        Assert.True(net.RunUntil(() => net.MessagesAtB.Count() >= sizes.Length, Limit));

        var received = net.MessagesAtB.Select(m => m.Message).ToList();
        Assert.Equal(sizes.Length, received.Count);
        foreach (byte[] message in sent)
        {
            Assert.Contains(received, r => r.AsSpan().SequenceEqual(message));
        }

        var ordered = sent.Where(m => m.Length % 2 == 0).ToList();
        Assert.Equal(ordered.Select(m => m.Length), received.Where(r => r.Length % 2 == 0).Select(r => r.Length));
    }

    [Theory]
    [InlineData(0.3, 11)]
    [InlineData(0.2, 12)]
    public void Partially_reliable_messages_may_be_dropped_while_reliable_ones_all_arrive(double loss, int seed)
    {
        using var net = new SctpTestNetwork(SctpTestNetwork.Client(), SctpTestNetwork.Server(), Lossy(loss, seed));
        net.Connect();

        for (int i = 0; i < 400; i++)
        {
            net.A.Send(1, 53, BitConverter.GetBytes(i), ordered: true, maxRetransmits: 0, null, net.Now);
            net.A.Send(2, 53, BitConverter.GetBytes(i), ordered: true, null, null, net.Now);
            net.A.Send(3, 53, BitConverter.GetBytes(i), ordered: false, null, maxPacketLifeTimeMs: 50, net.Now);
        }

        Assert.True(net.RunUntil(() => net.MessagesAtB.Count(m => m.StreamId == 2) >= 400 && net.A.BufferedAmount == 0, Limit),
            $"reliable {net.MessagesAtB.Count(m => m.StreamId == 2)}, buffered {net.A.BufferedAmount}, A {net.A.State} B {net.B.State}, next {net.A.NextTimeout} {net.B.NextTimeout}, sent {net.SentByA.Count}/{net.SentByB.Count}\n{net.DescribeTail(8)}");
        net.RunFor(TimeSpan.FromSeconds(5));

        var reliable = net.MessagesAtB.Where(m => m.StreamId == 2).Select(m => BitConverter.ToInt32(m.Message)).ToList();
        Assert.Equal(Enumerable.Range(0, 400), reliable);
        var noRetransmit = net.MessagesAtB.Where(m => m.StreamId == 1).Select(m => BitConverter.ToInt32(m.Message)).ToList();
        Assert.Equal(noRetransmit.Order(), noRetransmit); // still in order, no duplicates
        Assert.Equal(noRetransmit.Distinct().Count(), noRetransmit.Count);
        var timed = net.MessagesAtB.Where(m => m.StreamId == 3).Select(m => BitConverter.ToInt32(m.Message)).ToList();
        Assert.Equal(timed.Distinct().Count(), timed.Count);
        Assert.True(net.A.AbandonedMessages > 0);
        Assert.Equal(0, net.A.BufferedAmount);

        // The association is still healthy: a reliable message after all that arrives.
        net.A.Send(1, 51, "after"u8, ordered: true, null, null, net.Now);
        Assert.True(net.RunUntil(() => net.MessagesAtB.Any(m => m.Ppid == 51), Limit));
    }

    [Fact]
    public void An_outgoing_stream_reset_restarts_the_stream_at_ssn_zero_on_both_sides()
    {
        using var net = new SctpTestNetwork(SctpTestNetwork.Client(), SctpTestNetwork.Server());
        net.Connect();
        for (int i = 0; i < 5; i++)
        {
            net.A.Send(1, 51, [(byte)i], ordered: true, null, null, net.Now);
        }

        Assert.True(net.A.ResetStreams([1], net.Now));
        net.A.Send(1, 51, [100], ordered: true, null, null, net.Now); // waits for the reset
        Assert.True(net.RunUntil(() => net.EventsA.Any(e => e.Kind == SctpEventKind.OutgoingStreamsReset) && net.MessagesAtB.Count() == 6, Limit));

        Assert.Equal([(ushort)1], net.EventsB.Single(e => e.Kind == SctpEventKind.IncomingStreamsReset).Streams);
        Assert.Equal([(ushort)1], net.EventsA.Single(e => e.Kind == SctpEventKind.OutgoingStreamsReset).Streams);
        Assert.Equal(new byte[] { 0, 1, 2, 3, 4, 100 }, net.MessagesAtB.Select(m => m.Message[0]));
        // What was queued before the reset is delivered before it; what came after, after it.
        var order = net.EventsB.Where(e => e.Kind is SctpEventKind.MessageReceived or SctpEventKind.IncomingStreamsReset)
            .Select(e => e.Kind == SctpEventKind.MessageReceived ? e.Message[0].ToString(System.Globalization.CultureInfo.InvariantCulture) : "reset");
        Assert.Equal(["0", "1", "2", "3", "4", "reset", "100"], order);
        // Not a DataChannel association: B does not reset its own stream 1 in return.
        Assert.DoesNotContain(net.EventsA, e => e.Kind == SctpEventKind.IncomingStreamsReset);
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    [InlineData(23)]
    public void Stream_reset_waits_for_data_still_in_flight_under_loss(int seed)
    {
        using var net = new SctpTestNetwork(SctpTestNetwork.Client(), SctpTestNetwork.Server(), Lossy(0.3, seed));
        net.Connect();
        for (int round = 0; round < 5; round++)
        {
            for (int i = 0; i < 20; i++)
            {
                net.A.Send(1, 51, [(byte)round, (byte)i], ordered: true, null, null, net.Now);
            }

            Assert.True(net.A.ResetStreams([1], net.Now), $"{net.A.State} {net.A.NegotiatedOutboundStreams} {net.DescribeTail(5)}");
        }

        Assert.True(net.RunUntil(() => net.MessagesAtB.Count() == 100 && net.A.BufferedAmount == 0 && net.EventsA.Count(e => e.Kind == SctpEventKind.OutgoingStreamsReset) >= 1, Limit),
            $"got {net.MessagesAtB.Count()}, buffered {net.A.BufferedAmount}, A {net.A.State} B {net.B.State}, resets {net.EventsA.Count(e => e.Kind == SctpEventKind.OutgoingStreamsReset)}/{net.EventsB.Count(e => e.Kind == SctpEventKind.IncomingStreamsReset)} drops {string.Join(",", Enum.GetValues<SctpDropReason>().Select(r => $"{r}={net.B.GetDropCount(r)}"))} sent {net.SentByA.Count}/{net.SentByB.Count} recv {net.A.PacketsReceived}/{net.B.PacketsReceived} now {net.Now}");
        net.RunFor(TimeSpan.FromSeconds(30));

        Assert.Equal(
            Enumerable.Range(0, 5).SelectMany(r => Enumerable.Range(0, 20).Select(i => (r, i))),
            net.MessagesAtB.Select(m => ((int)m.Message[0], (int)m.Message[1])));
        // The first reset separates the first round from the rest (the later calls, made while it was still
        // queued, join it: what they queued goes after it).
        var kinds = net.EventsB.Where(e => e.Kind is SctpEventKind.MessageReceived or SctpEventKind.IncomingStreamsReset).ToList();
        Assert.Equal(SctpEventKind.IncomingStreamsReset, kinds[20].Kind);
        Assert.Equal(1, kinds[21].Message[0]);
        Assert.Single(kinds, e => e.Kind == SctpEventKind.IncomingStreamsReset);
        Assert.Contains(net.EventsB, e => e.Kind == SctpEventKind.IncomingStreamsReset);
    }

    [Fact]
    public void On_a_data_channel_association_an_incoming_reset_resets_the_matching_outgoing_stream()
    {
        using var net = new SctpTestNetwork(SctpTestNetwork.Client(), SctpTestNetwork.Server() with { IsDataChannel = true });
        net.Connect();
        net.A.Send(7, 51, "a"u8, ordered: true, null, null, net.Now);
        net.B.Send(7, 51, "b"u8, ordered: true, null, null, net.Now);
        Assert.True(net.RunUntil(() => net.MessagesAtA.Any() && net.MessagesAtB.Any(), Limit));

        net.A.ResetStreams([7], net.Now);

        Assert.True(net.RunUntil(() => net.EventsA.Any(e => e.Kind == SctpEventKind.IncomingStreamsReset) && net.EventsB.Any(e => e.Kind == SctpEventKind.OutgoingStreamsReset), Limit));
        Assert.Equal([(ushort)7], net.EventsA.Single(e => e.Kind == SctpEventKind.IncomingStreamsReset).Streams);
        Assert.Equal([(ushort)7], net.EventsB.Single(e => e.Kind == SctpEventKind.OutgoingStreamsReset).Streams);
        net.RunFor(TimeSpan.FromSeconds(5));
        Assert.Single(net.EventsB, e => e.Kind == SctpEventKind.IncomingStreamsReset); // no ping-pong
    }

    [Fact]
    public void Close_delivers_what_is_queued_then_shuts_down_both_sides()
    {
        using var net = new SctpTestNetwork(SctpTestNetwork.Client(), SctpTestNetwork.Server(), Lossy(0.1, 31));
        net.Connect();
        for (int i = 0; i < 50; i++)
        {
            net.B.Send(0, 51, new byte[3000], ordered: true, null, null, net.Now);
        }

        net.B.Close(net.Now);
        Assert.Equal(SctpSendResult.InvalidState, net.B.Send(0, 51, "late"u8, ordered: true, null, null, net.Now));

        Assert.True(net.RunUntil(() => net.A.State == SctpState.Closed && net.B.State == SctpState.Closed, Limit), $"A {net.A.State} B {net.B.State}");
        Assert.Equal(50, net.MessagesAtA.Count());
        Assert.Equal(SctpState.Closed, net.EventsA.Last(e => e.Kind == SctpEventKind.StateChanged).State);
    }

    [Fact]
    public void Abort_closes_both_sides_at_once()
    {
        using var net = new SctpTestNetwork(SctpTestNetwork.Client(), SctpTestNetwork.Server());
        net.Connect();
        net.A.Send(0, 51, new byte[50_000], ordered: true, null, null, net.Now);

        net.A.Abort(net.Now);

        Assert.Equal(SctpState.Closed, net.A.State);
        Assert.True(net.RunUntil(() => net.B.State == SctpState.Closed, TimeSpan.FromSeconds(1)));
        Assert.Equal(0, net.A.BufferedAmount);
    }

    [Fact]
    public void A_client_without_an_answer_fails_after_the_init_retransmissions()
    {
        using var net = new SctpTestNetwork(SctpTestNetwork.Client() with { MaxInitRetransmits = 4 }, SctpTestNetwork.Server());
        net.Filter = (toB, _) => toB;

        net.A.Connect(net.Now);

        Assert.True(net.RunUntil(() => net.A.State == SctpState.Failed, Limit));
        Assert.Equal(5, net.SentByA.Count); // the INIT and 4 retransmissions, with back-off
        Assert.Equal(SctpState.New, net.B.State);
        Assert.Equal(Sfu.Media.Time.Instant.MaxValue, net.A.NextTimeout);
    }

    [Fact]
    public void A_lost_cookie_echo_is_retransmitted_by_t1_cookie()
    {
        using var net = new SctpTestNetwork(SctpTestNetwork.Client(), SctpTestNetwork.Server());
        int cookieEchoes = 0;
        net.Filter = (toB, p) => toB && p.Length > 16 && p[12] == 10 && ++cookieEchoes <= 2;

        net.Connect();

        Assert.Equal(3, cookieEchoes);
    }

    [Fact]
    public void An_association_whose_peer_goes_silent_fails_after_max_retransmissions()
    {
        using var net = new SctpTestNetwork(SctpTestNetwork.Client() with { MaxAssociationRetransmits = 5 }, SctpTestNetwork.Server());
        net.Connect();
        net.Filter = (_, _) => true;

        net.A.Send(0, 51, "lost"u8, ordered: true, null, null, net.Now);

        Assert.True(net.RunUntil(() => net.A.State == SctpState.Failed, Limit));
        Assert.Equal(SctpState.Connected, net.B.State);
    }

    [Fact]
    public void Simultaneous_connects_resolve_the_init_collision()
    {
        using var net = new SctpTestNetwork(SctpTestNetwork.Client(), SctpTestNetwork.Client());
        net.A.Connect(net.Now);
        net.B.Connect(net.Now);

        Assert.True(net.RunUntil(() => net.A.State == SctpState.Connected && net.B.State == SctpState.Connected, Limit));
        net.A.Send(0, 51, "x"u8, ordered: true, null, null, net.Now);
        net.B.Send(0, 51, "y"u8, ordered: true, null, null, net.Now);
        Assert.True(net.RunUntil(() => net.MessagesAtA.Any() && net.MessagesAtB.Any(), Limit));
    }

    [Fact]
    public void Send_reports_why_it_refuses_a_message()
    {
        using var net = new SctpTestNetwork(
            SctpTestNetwork.Client() with { SendBufferSize = 10_000, MaxMessageSize = 8000 },
            SctpTestNetwork.Server(streams: 4));
        net.Connect();
        var a = net.A;

        Assert.Equal(SctpSendResult.EmptyMessage, a.Send(0, 51, [], true, null, null, net.Now));
        Assert.Equal(SctpSendResult.MessageTooLarge, a.Send(0, 51, new byte[8001], true, null, null, net.Now));
        Assert.Equal(SctpSendResult.InvalidStream, a.Send(4, 51, "x"u8, true, null, null, net.Now)); // peer MIS 4
        Assert.Equal(SctpSendResult.InvalidReliability, a.Send(0, 51, "x"u8, false, 1, 100, net.Now));
        Assert.Equal(SctpSendResult.InvalidReliability, a.Send(0, 51, "x"u8, false, -1, null, net.Now));
        Assert.Equal(SctpSendResult.Success, a.Send(0, 51, new byte[8000], true, null, null, net.Now));
        Assert.Equal(8000, a.BufferedAmount);
        Assert.Equal(8000, a.GetBufferedAmount(0));
        Assert.Equal(SctpSendResult.SendBufferFull, a.Send(1, 51, new byte[2001], true, null, null, net.Now));
        Assert.Equal(SctpSendResult.Success, a.Send(1, 51, new byte[2000], true, null, null, net.Now));
        a.Abort(net.Now);
        Assert.Equal(SctpSendResult.InvalidState, a.Send(0, 51, "x"u8, true, null, null, net.Now));
    }

    [Fact]
    public void Buffered_amount_low_fires_when_the_amount_crosses_the_threshold()
    {
        using var net = new SctpTestNetwork(SctpTestNetwork.Client(), SctpTestNetwork.Server());
        net.Connect();
        net.A.BufferedAmountLowThreshold = 5000;

        for (int i = 0; i < 20; i++)
        {
            net.A.Send(0, 51, new byte[1000], true, null, null, net.Now);
        }

        Assert.Equal(20_000, net.A.BufferedAmount);
        Assert.True(net.RunUntil(() => net.A.BufferedAmount == 0, Limit));

        ReceivedEvent low = Assert.Single(net.EventsA, e => e.Kind == SctpEventKind.BufferedAmountLow);
        Assert.True(low.Amount <= 5000);
    }

    [Fact]
    public void A_received_message_above_the_maximum_size_is_dropped_and_reported_and_the_next_ones_arrive()
    {
        using var net = new SctpTestNetwork(SctpTestNetwork.Client(), SctpTestNetwork.Server() with { MaxMessageSize = 10_000 });
        net.Connect();

        net.A.Send(5, 51, new byte[10_001], true, null, null, net.Now);
        net.A.Send(5, 51, new byte[10_000], true, null, null, net.Now);

        Assert.True(net.RunUntil(() => net.MessagesAtB.Any(), Limit));
        ReceivedEvent tooLarge = Assert.Single(net.EventsB, e => e.Kind == SctpEventKind.MessageTooLarge);
        Assert.Equal((ushort)5, tooLarge.StreamId);
        Assert.Equal(10_001, tooLarge.Amount);
        Assert.Equal(10_000, Assert.Single(net.MessagesAtB).Message.Length);
        Assert.Equal(1, net.B.OversizedMessagesDropped);
    }

    [Fact]
    public void A_single_data_packet_is_acknowledged_after_the_delayed_sack_timeout()
    {
        using var net = new SctpTestNetwork(SctpTestNetwork.Client(), SctpTestNetwork.Server());
        net.Connect();
        int sacksBefore = net.SentByB.Count;

        net.A.Send(0, 51, "one"u8, true, null, null, net.Now);
        Assert.True(net.RunUntil(() => net.MessagesAtB.Any(), Limit));
        var delivered = net.Now;
        Assert.Equal(sacksBefore, net.SentByB.Count);
        Assert.Equal(delivered + TimeSpan.FromMilliseconds(200), net.B.NextTimeout);

        Assert.True(net.RunUntil(() => net.SentByB.Count > sacksBefore, Limit));
        Assert.Equal(delivered + TimeSpan.FromMilliseconds(200), net.Now);
        Assert.Equal(3, net.SentByB[^1][12]); // a SACK
    }

    [Fact]
    public void Every_second_data_packet_is_acknowledged_at_once()
    {
        using var net = new SctpTestNetwork(SctpTestNetwork.Client(), SctpTestNetwork.Server());
        net.Connect();
        int sacksBefore = net.SentByB.Count;

        net.A.Send(0, 51, new byte[1100], true, null, null, net.Now);
        net.A.Send(0, 51, new byte[1100], true, null, null, net.Now);
        Assert.True(net.RunUntil(() => net.MessagesAtB.Count() == 2, Limit));

        Assert.Equal(sacksBefore + 1, net.SentByB.Count);
    }

    [Fact]
    public void A_server_that_is_told_to_connect_waits_for_the_init_instead_of_sending_one()
    {
        using var net = new SctpTestNetwork(SctpTestNetwork.Client(), SctpTestNetwork.Server());

        net.B.Connect(net.Now);
        net.RunFor(TimeSpan.FromSeconds(5));

        Assert.Equal(SctpState.Connecting, net.B.State);
        Assert.Empty(net.SentByB);
        net.Connect();
    }

    [Fact]
    public void A_peer_request_to_reset_our_outgoing_stream_is_answered_with_our_own_reset()
    {
        using var net = new SctpTestNetwork(SctpTestNetwork.Client(), SctpTestNetwork.Server());
        net.Connect();
        net.B.Send(3, 51, "before"u8, true, null, null, net.Now);
        Assert.True(net.RunUntil(() => net.MessagesAtA.Any(), Limit));
        SctpPacket.TryParse(net.SentByA[^1], out SctpPacket fromA, out _);
        // A's first request sequence number is its initial TSN (RFC 6525 §4.1), which its INIT carries.
        SctpPacket.TryParse(net.SentByA[0], out SctpPacket init, out _);
        var reader = new SctpChunkReader(init.Chunks);
        reader.TryReadNext(out SctpChunk chunk);
        Sfu.Media.Sctp.Chunks.InitChunk.TryParse(chunk, out var initChunk, out _);

        byte[] packet = new byte[64];
        SctpPacket.WriteHeader(packet, 5000, 5000, fromA.VerificationTag);
        Sfu.Media.Sctp.Chunks.IncomingSsnResetRequest.TryWrite(packet.AsSpan(16), initChunk.InitialTsn, [3], out _);
        int length = 12 + Sfu.Media.Sctp.Chunks.ReConfigChunk.WriteHeader(packet.AsSpan(12), 10);
        SctpPacket.WriteChecksum(packet.AsSpan(0, length));

        net.Inject(toB: true, packet[..length]);

        Assert.True(net.RunUntil(() => net.EventsB.Any(e => e.Kind == SctpEventKind.OutgoingStreamsReset), Limit));
        Assert.Equal([(ushort)3], net.EventsA.Single(e => e.Kind == SctpEventKind.IncomingStreamsReset).Streams);
        net.B.Send(3, 51, "after"u8, true, null, null, net.Now);
        Assert.True(net.RunUntil(() => net.MessagesAtA.Count() == 2, Limit));
    }

    [Fact]
    public void Messages_whose_only_transmission_is_lost_are_abandoned_and_skipped_with_forward_tsn()
    {
        using var net = new SctpTestNetwork(SctpTestNetwork.Client(), SctpTestNetwork.Server());
        net.Connect();
        // Every packet that carries a stream-1 chunk is lost (with maxRetransmits 0 they are never sent again).
        net.Filter = (toB, p) => toB && SctpTestNetwork.Describe(p).Contains(" s1 n", StringComparison.Ordinal);

        for (int i = 0; i < 50; i++)
        {
            net.A.Send(1, 53, BitConverter.GetBytes(i), ordered: true, maxRetransmits: 0, null, net.Now);
            net.A.Send(2, 53, BitConverter.GetBytes(i), ordered: true, null, null, net.Now);
        }

        Assert.True(net.RunUntil(() => net.MessagesAtB.Count(m => m.StreamId == 2) == 50 && net.A.BufferedAmount == 0, Limit));
        net.RunFor(TimeSpan.FromSeconds(10));

        Assert.DoesNotContain(net.MessagesAtB, m => m.StreamId == 1);
        Assert.Equal(Enumerable.Range(0, 50), net.MessagesAtB.Where(m => m.StreamId == 2).Select(m => BitConverter.ToInt32(m.Message)));
        Assert.Equal(50, net.A.AbandonedMessages);
        Assert.Contains(net.SentByA, p => SctpTestNetwork.Describe(p).Contains("FWD(", StringComparison.Ordinal));

        // Stream 1 goes on after the skipped SSNs.
        net.Filter = null;
        net.A.Send(1, 51, "next"u8, ordered: true, null, null, net.Now);
        Assert.True(net.RunUntil(() => net.MessagesAtB.Any(m => m.StreamId == 1), Limit));
    }
}
