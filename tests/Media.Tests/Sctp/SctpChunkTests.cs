using FsCheck;
using FsCheck.Fluent;
using Sfu.Media.Sctp;
using Sfu.Media.Sctp.Chunks;

namespace Sfu.Media.Tests.Sctp;

public class SctpChunkTests
{
    private static SctpChunk Read(byte[] bytes)
    {
        Assert.True(SctpChunk.TryRead(bytes, out SctpChunk chunk, out int consumed, out SctpParseError error), error.ToString());
        Assert.Equal(bytes.Length, consumed);
        return chunk;
    }

    private static byte[] Buffer(int size = 2048) => new byte[size];

    [Fact]
    public void Common_header_fields_are_read_from_a_captured_packet()
    {
        Assert.True(SctpPacket.TryParse(Rfc9260ChunkVectors.NodeSctpInitPacket, out SctpPacket p, out _));
        Assert.Equal(5000, p.SourcePort);
        Assert.Equal(5000, p.DestinationPort);
        Assert.Equal(0u, p.VerificationTag);
        Assert.Equal(0x42C7D0D2u, p.Checksum);
        Assert.Equal(20, p.Chunks.Length);
    }

    [Fact]
    public void A_captured_node_sctp_init_parses()
    {
        SctpPacket.TryParse(Rfc9260ChunkVectors.NodeSctpInitPacket, out SctpPacket p, out _);
        var reader = new SctpChunkReader(p.Chunks);
        Assert.True(reader.TryReadNext(out SctpChunk chunk));
        Assert.True(InitChunk.TryParse(chunk, out InitChunk init, out _));
        Assert.False(init.IsAck);
        Assert.Equal(0x457401A7u, init.InitiateTag);
        Assert.Equal(16384u, init.AdvertisedReceiverWindowCredit);
        Assert.Equal(256, init.OutboundStreams);
        Assert.Equal(256, init.InboundStreams);
        Assert.Equal(0x457401A7u, init.InitialTsn);
        Assert.False(init.SupportsForwardTsn);
        Assert.False(init.SupportsReConfig);
        Assert.False(reader.TryReadNext(out _));
        Assert.Equal(SctpParseError.None, reader.Error);
    }

    [Fact]
    public void A_captured_chrome_init_parses_with_its_extensions()
    {
        SctpPacket.TryParse(Rfc9260ChunkVectors.ChromeInitPacket, out SctpPacket p, out _);
        var reader = new SctpChunkReader(p.Chunks);
        Assert.True(reader.TryReadNext(out SctpChunk chunk));
        Assert.Equal(86, chunk.Length);
        Assert.True(InitChunk.TryParse(chunk, out InitChunk init, out _));
        Assert.Equal(0x55B964A5u, init.InitiateTag);
        Assert.Equal(131072u, init.AdvertisedReceiverWindowCredit);
        Assert.Equal(1024, init.OutboundStreams);
        Assert.Equal(2048, init.InboundStreams);
        Assert.Equal(0xE86D1030u, init.InitialTsn);
        Assert.True(init.SupportsForwardTsn);
        Assert.True(init.SupportsReConfig);
        Assert.False(init.TryGetStateCookie(out _));
        Assert.False(reader.TryReadNext(out _)); // the last parameter's padding ends the packet
    }

    [Fact]
    public void Data_chunk_fields_and_bytes()
    {
        Assert.True(DataChunk.TryParse(Read(Rfc9260ChunkVectors.Data), out DataChunk d, out _));
        Assert.True(d.IsBeginning);
        Assert.True(d.IsEnding);
        Assert.False(d.IsUnordered);
        Assert.False(d.IsImmediate);
        Assert.Equal(0x01020304u, d.Tsn);
        Assert.Equal(5, d.StreamId);
        Assert.Equal(6, d.StreamSequenceNumber);
        Assert.Equal(51u, d.PayloadProtocolIdentifier);
        Assert.Equal("abcde"u8.ToArray(), d.UserData.ToArray());

        byte[] buffer = Buffer();
        Assert.True(new DataChunk(0x03, 0x01020304, 5, 6, 51, "abcde"u8).TryWrite(buffer, out int written));
        Assert.Equal(Rfc9260ChunkVectors.Data, buffer.AsSpan(0, written).ToArray());
    }

    [Fact]
    public void Unordered_data_with_the_immediate_bit()
    {
        Assert.True(DataChunk.TryParse(Read(Rfc9260ChunkVectors.DataUnorderedImmediate), out DataChunk d, out _));
        Assert.True(d.IsUnordered);
        Assert.True(d.IsImmediate);
        Assert.False(d.IsBeginning);
        Assert.False(d.IsEnding);
        Assert.Equal(uint.MaxValue, d.Tsn);
        Assert.Equal(65534, d.StreamId);
        Assert.Equal(53u, d.PayloadProtocolIdentifier);
    }

    [Fact]
    public void Data_without_user_data_is_malformed()
    {
        byte[] empty = [0x00, 0x03, 0x00, 0x10, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0];
        Assert.False(DataChunk.TryParse(Read(empty), out _, out SctpParseError error));
        Assert.Equal(SctpParseError.Malformed, error);
    }

    [Fact]
    public void Init_ack_fields_cookie_and_bytes()
    {
        Assert.True(InitChunk.TryParse(Read(Rfc9260ChunkVectors.InitAck), out InitChunk ack, out _));
        Assert.True(ack.IsAck);
        Assert.Equal(0x11223344u, ack.InitiateTag);
        Assert.Equal(1_048_576u, ack.AdvertisedReceiverWindowCredit);
        Assert.Equal(256, ack.OutboundStreams);
        Assert.Equal(16, ack.InboundStreams);
        Assert.Equal(7u, ack.InitialTsn);
        Assert.True(ack.TryGetStateCookie(out ReadOnlySpan<byte> cookie));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, cookie.ToArray());
        Assert.True(ack.SupportsForwardTsn);
        Assert.False(ack.SupportsReConfig);

        byte[] parameters = Buffer(64);
        SctpParameter.TryWrite(parameters, SctpInitParameterType.StateCookie, [1, 2, 3, 4, 5], out int p1);
        SctpParameter.TryWrite(parameters.AsSpan(p1), SctpInitParameterType.ForwardTsnSupported, default, out int p2);
        byte[] buffer = Buffer();
        Assert.True(new InitChunk(true, 0x11223344, 1_048_576, 256, 16, 7, parameters.AsSpan(0, p1 + p2)).TryWrite(buffer, out int written));
        Assert.Equal(Rfc9260ChunkVectors.InitAck, buffer.AsSpan(0, written).ToArray());
    }

    [Theory]
    [InlineData(0u, (ushort)1, (ushort)1)]
    [InlineData(1u, (ushort)0, (ushort)1)]
    [InlineData(1u, (ushort)1, (ushort)0)]
    public void Init_with_a_zero_tag_or_zero_streams_is_malformed(uint tag, ushort os, ushort mis)
    {
        byte[] buffer = Buffer();
        new InitChunk(false, tag, 1000, os, mis, 1, default).TryWrite(buffer, out int written);
        Assert.False(InitChunk.TryParse(Read(buffer[..written]), out _, out SctpParseError error));
        Assert.Equal(SctpParseError.Malformed, error);
    }

    [Fact]
    public void Sack_fields_and_bytes()
    {
        Assert.True(SackChunk.TryParse(Read(Rfc9260ChunkVectors.Sack), out SackChunk sack, out _));
        Assert.Equal(100u, sack.CumulativeTsnAck);
        Assert.Equal(65536u, sack.AdvertisedReceiverWindowCredit);
        Assert.Equal(2, sack.GapAckBlockCount);
        Assert.Equal(new GapAckBlock(2, 3), sack.GetGapAckBlock(0));
        Assert.Equal(new GapAckBlock(5, 5), sack.GetGapAckBlock(1));
        Assert.Equal(1, sack.DuplicateTsnCount);
        Assert.Equal(99u, sack.GetDuplicateTsn(0));

        byte[] buffer = Buffer();
        Assert.True(SackChunk.TryWrite(buffer, 100, 65536, [new(2, 3), new(5, 5)], [99], out int written));
        Assert.Equal(Rfc9260ChunkVectors.Sack, buffer.AsSpan(0, written).ToArray());
    }

    [Fact]
    public void Sack_announcing_more_blocks_than_it_carries_is_truncated()
    {
        byte[] bytes = Rfc9260ChunkVectors.Sack;
        bytes[15] = 9; // 9 duplicates announced
        Assert.False(SackChunk.TryParse(Read(bytes), out _, out SctpParseError error));
        Assert.Equal(SctpParseError.Truncated, error);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Heartbeat_and_heartbeat_ack_fields_and_bytes(bool ack)
    {
        byte[] vector = ack ? Rfc9260ChunkVectors.HeartbeatAck : Rfc9260ChunkVectors.Heartbeat;
        Assert.True(HeartbeatChunk.TryParse(Read(vector), out HeartbeatChunk hb, out _));
        Assert.Equal(ack, hb.IsAck);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, hb.Info.ToArray());

        byte[] buffer = Buffer();
        Assert.True(new HeartbeatChunk(ack, [1, 2, 3, 4, 5, 6]).TryWrite(buffer, out int written));
        Assert.Equal(vector, buffer.AsSpan(0, written).ToArray());
    }

    [Fact]
    public void Abort_with_the_t_bit_and_a_cause()
    {
        Assert.True(ErrorCausesChunk.TryParse(Read(Rfc9260ChunkVectors.AbortUserInitiated), out ErrorCausesChunk abort, out _));
        Assert.True(abort.IsAbort);
        Assert.True(abort.IsTagReflected);
        Assert.Equal(SctpErrorCauseCode.UserInitiatedAbort, abort.FirstCauseCode);

        byte[] buffer = Buffer();
        Assert.True(ErrorCausesChunk.TryWrite(buffer, true, true, SctpErrorCauseCode.UserInitiatedAbort, default, out int written));
        Assert.Equal(Rfc9260ChunkVectors.AbortUserInitiated, buffer.AsSpan(0, written).ToArray());
    }

    [Fact]
    public void Error_with_an_invalid_stream_cause()
    {
        Assert.True(ErrorCausesChunk.TryParse(Read(Rfc9260ChunkVectors.ErrorInvalidStream), out ErrorCausesChunk error, out _));
        Assert.False(error.IsAbort);
        Assert.Equal(SctpErrorCauseCode.InvalidStreamIdentifier, error.FirstCauseCode);

        byte[] buffer = Buffer();
        Assert.True(ErrorCausesChunk.TryWrite(buffer, false, false, SctpErrorCauseCode.InvalidStreamIdentifier, [0, 9, 0, 0], out int written));
        Assert.Equal(Rfc9260ChunkVectors.ErrorInvalidStream, buffer.AsSpan(0, written).ToArray());
    }

    [Fact]
    public void Shutdown_family_bytes()
    {
        Assert.True(ShutdownChunk.TryParse(Read(Rfc9260ChunkVectors.Shutdown), out ShutdownChunk shutdown, out _));
        Assert.Equal(0x8000_0000u, shutdown.CumulativeTsnAck);
        byte[] buffer = Buffer();
        Assert.True(new ShutdownChunk(0x8000_0000).TryWrite(buffer, out int written));
        Assert.Equal(Rfc9260ChunkVectors.Shutdown, buffer.AsSpan(0, written).ToArray());

        Assert.True(EmptyChunk.TryWrite(buffer, SctpChunkType.ShutdownAck, 0, out written));
        Assert.Equal(Rfc9260ChunkVectors.ShutdownAck, buffer.AsSpan(0, written).ToArray());
        Assert.True(EmptyChunk.TryWrite(buffer, SctpChunkType.ShutdownComplete, ErrorCausesChunk.TagReflectedFlag, out written));
        Assert.Equal(Rfc9260ChunkVectors.ShutdownCompleteReflected, buffer.AsSpan(0, written).ToArray());
        Assert.True(EmptyChunk.TryWrite(buffer, SctpChunkType.CookieAck, 0, out written));
        Assert.Equal(Rfc9260ChunkVectors.CookieAck, buffer.AsSpan(0, written).ToArray());
    }

    [Fact]
    public void Cookie_echo_fields_and_bytes()
    {
        Assert.True(CookieEchoChunk.TryParse(Read(Rfc9260ChunkVectors.CookieEcho), out CookieEchoChunk echo, out _));
        Assert.Equal(new byte[] { 0xAA, 0xBB, 0xCC }, echo.Cookie.ToArray());
        byte[] buffer = Buffer();
        Assert.True(new CookieEchoChunk([0xAA, 0xBB, 0xCC]).TryWrite(buffer, out int written));
        Assert.Equal(Rfc9260ChunkVectors.CookieEcho, buffer.AsSpan(0, written).ToArray());
    }

    [Fact]
    public void Forward_tsn_fields_and_bytes()
    {
        Assert.True(ForwardTsnChunk.TryParse(Read(Rfc9260ChunkVectors.ForwardTsn), out ForwardTsnChunk fwd, out _));
        Assert.Equal(1000u, fwd.NewCumulativeTsn);
        Assert.Equal(2, fwd.StreamCount);
        Assert.Equal(new ForwardTsnStream(1, 7), fwd.GetStream(0));
        Assert.Equal(new ForwardTsnStream(4, 65535), fwd.GetStream(1));

        byte[] buffer = Buffer();
        Assert.True(ForwardTsnChunk.TryWrite(buffer, 1000, [new(1, 7), new(4, 65535)], out int written));
        Assert.Equal(Rfc9260ChunkVectors.ForwardTsn, buffer.AsSpan(0, written).ToArray());
    }

    [Fact]
    public void Outgoing_ssn_reset_request_fields_and_bytes()
    {
        Assert.True(ReConfigChunk.TryParse(Read(Rfc9260ChunkVectors.ReConfigOutgoingReset), out ReConfigChunk reconfig, out _));
        Assert.True(SctpParameter.TryRead(reconfig.Parameters, out SctpParameter parameter, out _, out _));
        Assert.True(OutgoingSsnResetRequest.TryParse(parameter, out OutgoingSsnResetRequest request, out _));
        Assert.Equal(10u, request.RequestSequenceNumber);
        Assert.Equal(5u, request.ResponseSequenceNumber);
        Assert.Equal(99u, request.SendersLastAssignedTsn);
        Assert.Equal(3, request.StreamCount);
        Assert.Equal([(ushort)1, (ushort)2, (ushort)3], Enumerable.Range(0, 3).Select(i => ReadStream(Rfc9260ChunkVectors.ReConfigOutgoingReset, i)));

        byte[] buffer = Buffer();
        Assert.True(OutgoingSsnResetRequest.TryWrite(buffer.AsSpan(4), 10, 5, 99, [1, 2, 3], out int p));
        int written = ReConfigChunk.WriteHeader(buffer, 22);
        Assert.Equal(28, written);
        Assert.Equal(24, p);
        Assert.Equal(Rfc9260ChunkVectors.ReConfigOutgoingReset, buffer.AsSpan(0, written).ToArray());
    }

    private static ushort ReadStream(byte[] vector, int index)
    {
        ReConfigChunk.TryParse(Read(vector), out ReConfigChunk reconfig, out _);
        SctpParameter.TryRead(reconfig.Parameters, out SctpParameter parameter, out _, out _);
        OutgoingSsnResetRequest.TryParse(parameter, out OutgoingSsnResetRequest request, out _);
        return request.GetStream(index);
    }

    [Fact]
    public void Incoming_ssn_reset_request_fields_and_bytes()
    {
        Assert.True(ReConfigChunk.TryParse(Read(Rfc9260ChunkVectors.ReConfigIncomingReset), out ReConfigChunk reconfig, out _));
        Assert.True(SctpParameter.TryRead(reconfig.Parameters, out SctpParameter parameter, out _, out _));
        Assert.True(IncomingSsnResetRequest.TryParse(parameter, out IncomingSsnResetRequest request, out _));
        Assert.Equal(11u, request.RequestSequenceNumber);
        Assert.Equal(1, request.StreamCount);
        Assert.Equal(7, request.GetStream(0));

        byte[] buffer = Buffer();
        IncomingSsnResetRequest.TryWrite(buffer.AsSpan(4), 11, [7], out _);
        int written = ReConfigChunk.WriteHeader(buffer, 10);
        Assert.Equal(Rfc9260ChunkVectors.ReConfigIncomingReset, buffer.AsSpan(0, written).ToArray());
    }

    [Fact]
    public void Reconfiguration_responses_with_and_without_tsns()
    {
        Assert.True(ReConfigChunk.TryParse(Read(Rfc9260ChunkVectors.ReConfigResponse), out ReConfigChunk reconfig, out _));
        Assert.True(SctpParameter.TryRead(reconfig.Parameters, out SctpParameter parameter, out _, out _));
        Assert.True(ReConfigResponse.TryParse(parameter, out ReConfigResponse response, out _));
        Assert.Equal(new ReConfigResponse(10, ReConfigResult.SuccessPerformed), response);
        byte[] buffer = Buffer();
        response.TryWrite(buffer.AsSpan(4), out int p);
        int written = ReConfigChunk.WriteHeader(buffer, p);
        Assert.Equal(Rfc9260ChunkVectors.ReConfigResponse, buffer.AsSpan(0, written).ToArray());

        Assert.True(SctpParameter.TryRead(Rfc9260ChunkVectors.ReConfigResponseWithTsns, out parameter, out _, out _));
        Assert.True(ReConfigResponse.TryParse(parameter, out response, out _));
        Assert.Equal(new ReConfigResponse(2, ReConfigResult.InProgress, true, 0x1000, 0x2000), response);
        response.TryWrite(buffer, out written);
        Assert.Equal(Rfc9260ChunkVectors.ReConfigResponseWithTsns, buffer.AsSpan(0, written).ToArray());
    }

    [Fact]
    public void An_empty_reconfig_chunk_is_malformed()
    {
        Assert.False(ReConfigChunk.TryParse(Read([0x82, 0x00, 0x00, 0x04]), out _, out SctpParseError error));
        Assert.Equal(SctpParseError.Malformed, error);
    }

    [Fact]
    public void A_chunk_length_below_the_header_is_a_bad_length()
    {
        Assert.False(SctpChunk.TryRead([0x00, 0x03, 0x00, 0x03], out _, out _, out SctpParseError error));
        Assert.Equal(SctpParseError.BadLength, error);
        Assert.False(SctpParameter.TryRead([0x00, 0x07, 0x00, 0x02], out _, out _, out error));
        Assert.Equal(SctpParseError.BadLength, error);
    }

    public static TheoryData<string> AllVectors => new()
    {
        nameof(Rfc9260ChunkVectors.Data), nameof(Rfc9260ChunkVectors.DataUnorderedImmediate), nameof(Rfc9260ChunkVectors.InitAck),
        nameof(Rfc9260ChunkVectors.Sack), nameof(Rfc9260ChunkVectors.Heartbeat), nameof(Rfc9260ChunkVectors.HeartbeatAck),
        nameof(Rfc9260ChunkVectors.AbortUserInitiated), nameof(Rfc9260ChunkVectors.ErrorInvalidStream), nameof(Rfc9260ChunkVectors.Shutdown),
        nameof(Rfc9260ChunkVectors.CookieEcho), nameof(Rfc9260ChunkVectors.ForwardTsn), nameof(Rfc9260ChunkVectors.ReConfigOutgoingReset),
        nameof(Rfc9260ChunkVectors.ReConfigIncomingReset), nameof(Rfc9260ChunkVectors.ReConfigResponse),
    };

    private static byte[] Vector(string name) => (byte[])typeof(Rfc9260ChunkVectors).GetProperty(name)!.GetValue(null)!;

    [Theory]
    [MemberData(nameof(AllVectors))]
    public void Every_prefix_of_a_chunk_is_rejected_without_throwing(string name)
    {
        byte[] full = Vector(name);
        SctpChunk.TryRead(full, out SctpChunk whole, out _, out _);
        int unpadded = whole.Length;
        for (int length = 0; length < unpadded; length++)
        {
            byte[] prefix = full[..length];
            Assert.False(SctpChunk.TryRead(prefix, out _, out _, out SctpParseError error), $"{name} prefix {length}");
            Assert.Equal(SctpParseError.Truncated, error);

            // The same prefix with its length field rewritten to fit: the typed parsers must bound-check the value.
            if (length >= 4)
            {
                prefix[2] = (byte)(length >> 8);
                prefix[3] = (byte)length;
                Assert.True(SctpChunk.TryRead(prefix, out SctpChunk shortened, out _, out _));
                ParseAny(shortened);
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllVectors))]
    public void Every_prefix_of_a_packet_is_dropped_by_an_association_and_counted(string name)
    {
        byte[] chunk = Vector(name);
        byte[] packet = new byte[SctpPacket.HeaderSize + chunk.Length];
        SctpPacket.WriteHeader(packet, 5000, 5000, 0x01020304);
        chunk.CopyTo(packet, SctpPacket.HeaderSize);
        for (int length = 0; length < packet.Length; length++)
        {
            byte[] prefix = packet[..length];
            if (length >= SctpPacket.HeaderSize)
            {
                SctpPacket.WriteChecksum(prefix);
            }

            using var association = new SctpAssociation(new SctpAssociationOptions());
            association.HandleReceive(prefix, Sfu.Media.Time.Instant.Zero);
            Assert.Equal(1, association.DroppedPackets);
            Assert.Equal(SctpState.New, association.State);
        }
    }

    private static void ParseAny(SctpChunk chunk)
    {
        DataChunk.TryParse(chunk, out _, out _);
        if (InitChunk.TryParse(chunk, out InitChunk init, out _))
        {
            init.TryGetStateCookie(out _);
            _ = init.SupportsForwardTsn || init.SupportsReConfig;
        }

        if (SackChunk.TryParse(chunk, out SackChunk sack, out _))
        {
            for (int i = 0; i < sack.GapAckBlockCount; i++)
            {
                sack.GetGapAckBlock(i);
            }

            for (int i = 0; i < sack.DuplicateTsnCount; i++)
            {
                sack.GetDuplicateTsn(i);
            }
        }

        HeartbeatChunk.TryParse(chunk, out _, out _);
        if (ErrorCausesChunk.TryParse(chunk, out ErrorCausesChunk causes, out _))
        {
            _ = causes.FirstCauseCode;
        }

        ShutdownChunk.TryParse(chunk, out _, out _);
        CookieEchoChunk.TryParse(chunk, out _, out _);
        if (ForwardTsnChunk.TryParse(chunk, out ForwardTsnChunk fwd, out _))
        {
            for (int i = 0; i < fwd.StreamCount; i++)
            {
                fwd.GetStream(i);
            }
        }

        if (ReConfigChunk.TryParse(chunk, out ReConfigChunk reconfig, out _))
        {
            var reader = new SctpParameterReader(reconfig.Parameters);
            while (reader.TryReadNext(out SctpParameter p))
            {
                if (OutgoingSsnResetRequest.TryParse(p, out OutgoingSsnResetRequest o, out _))
                {
                    for (int i = 0; i < o.StreamCount; i++)
                    {
                        o.GetStream(i);
                    }
                }

                if (IncomingSsnResetRequest.TryParse(p, out IncomingSsnResetRequest n, out _))
                {
                    for (int i = 0; i < n.StreamCount; i++)
                    {
                        n.GetStream(i);
                    }
                }

                ReConfigResponse.TryParse(p, out _, out _);
            }
        }
    }

    [Fact]
    public void Random_bytes_never_throw_in_any_parser()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), data =>
        {
            var reader = new SctpChunkReader(data);
            while (reader.TryReadNext(out SctpChunk chunk))
            {
                ParseAny(chunk);
            }

            // Also as the value of each chunk type.
            foreach (byte type in new byte[] { 0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 130, 192 })
            {
                ParseAny(new SctpChunk(type, data.Length > 0 ? data[0] : (byte)0, data));
            }

            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
    }

    [Fact]
    public void Random_packets_with_a_valid_checksum_never_throw_in_an_association()
    {
        using var association = new SctpAssociation(new SctpAssociationOptions { Random = new Random(3) });
        byte[] out_ = new byte[1500];
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), ArbMap.Default.ArbFor<byte>(), (body, type) =>
        {
            byte[] packet = new byte[SctpPacket.HeaderSize + 4 + body.Length];
            SctpPacket.WriteHeader(packet, 5000, 5000, 0);
            packet[12] = type;
            packet[14] = (byte)((4 + body.Length) >> 8);
            packet[15] = (byte)(4 + body.Length);
            body.CopyTo(packet, 16);
            SctpPacket.WriteChecksum(packet);
            association.HandleReceive(packet, Sfu.Media.Time.Instant.Zero);
            while (association.TryPollTransmit(out_, out _))
            {
            }

            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
    }

    [Fact]
    public void Data_chunks_round_trip()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<(byte, uint, ushort, ushort, uint)>(), ArbMap.Default.ArbFor<byte[]>(), (f, payload) =>
        {
            byte[] data = payload.Length == 0 ? [1] : payload;
            byte[] buffer = new byte[DataChunk.HeaderSize + data.Length + 3];
            Assert.True(new DataChunk(f.Item1, f.Item2, f.Item3, f.Item4, f.Item5, data).TryWrite(buffer, out int written));
            Assert.Equal(0, written % 4);
            Assert.True(SctpChunk.TryRead(buffer.AsSpan(0, written), out SctpChunk chunk, out _, out _));
            Assert.True(DataChunk.TryParse(chunk, out DataChunk d, out _));
            return d.Flags == f.Item1 && d.Tsn == f.Item2 && d.StreamId == f.Item3 && d.StreamSequenceNumber == f.Item4
                && d.PayloadProtocolIdentifier == f.Item5 && d.UserData.SequenceEqual(data);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void Sack_chunks_round_trip()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<(uint, uint)>(), ArbMap.Default.ArbFor<(ushort, ushort)[]>(), ArbMap.Default.ArbFor<uint[]>(), (f, gaps, dups) =>
        {
            GapAckBlock[] blocks = gaps.Select(g => new GapAckBlock(g.Item1, g.Item2)).ToArray();
            byte[] buffer = new byte[SackChunk.GetSerializedLength(blocks.Length, dups.Length)];
            Assert.True(SackChunk.TryWrite(buffer, f.Item1, f.Item2, blocks, dups, out int written));
            Assert.True(SctpChunk.TryRead(buffer.AsSpan(0, written), out SctpChunk chunk, out _, out _));
            Assert.True(SackChunk.TryParse(chunk, out SackChunk sack, out _));
            var readGaps = new List<GapAckBlock>();
            for (int i = 0; i < sack.GapAckBlockCount; i++)
            {
                readGaps.Add(sack.GetGapAckBlock(i));
            }

            var readDups = new List<uint>();
            for (int i = 0; i < sack.DuplicateTsnCount; i++)
            {
                readDups.Add(sack.GetDuplicateTsn(i));
            }

            return sack.CumulativeTsnAck == f.Item1 && sack.AdvertisedReceiverWindowCredit == f.Item2
                && readGaps.SequenceEqual(blocks) && readDups.SequenceEqual(dups);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    [Fact]
    public void Forward_tsn_and_reset_requests_round_trip()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<(uint, uint, uint)>(), ArbMap.Default.ArbFor<ushort[]>(), (f, streams) =>
        {
            ushort[] ids = streams.Take(200).ToArray();
            ForwardTsnStream[] pairs = ids.Select(s => new ForwardTsnStream(s, (ushort)(s ^ 0x5555))).ToArray();
            byte[] buffer = new byte[4096];
            Assert.True(ForwardTsnChunk.TryWrite(buffer, f.Item1, pairs, out int written));
            Assert.True(SctpChunk.TryRead(buffer.AsSpan(0, written), out SctpChunk chunk, out _, out _));
            Assert.True(ForwardTsnChunk.TryParse(chunk, out ForwardTsnChunk fwd, out _));
            bool fwdOk = fwd.NewCumulativeTsn == f.Item1 && fwd.StreamCount == pairs.Length;
            for (int i = 0; fwdOk && i < pairs.Length; i++)
            {
                fwdOk = fwd.GetStream(i) == pairs[i];
            }

            Assert.True(OutgoingSsnResetRequest.TryWrite(buffer, f.Item1, f.Item2, f.Item3, ids, out written));
            Assert.Equal(0, written % 4);
            Assert.True(SctpParameter.TryRead(buffer.AsSpan(0, written), out SctpParameter parameter, out _, out _));
            Assert.True(OutgoingSsnResetRequest.TryParse(parameter, out OutgoingSsnResetRequest request, out _));
            bool resetOk = request.RequestSequenceNumber == f.Item1 && request.ResponseSequenceNumber == f.Item2
                && request.SendersLastAssignedTsn == f.Item3 && request.StreamCount == ids.Length;
            for (int i = 0; resetOk && i < ids.Length; i++)
            {
                resetOk = request.GetStream(i) == ids[i];
            }

            return fwdOk && resetOk;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    [Fact]
    public void Init_chunks_round_trip_with_a_cookie()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<(bool, uint, uint, ushort, ushort, uint)>(), ArbMap.Default.ArbFor<byte[]>(), (f, cookie) =>
        {
            uint tag = f.Item2 | 1;
            ushort os = (ushort)(f.Item4 | 1);
            ushort mis = (ushort)(f.Item5 | 1);
            byte[] parameters = new byte[cookie.Length + 8];
            Assert.True(SctpParameter.TryWrite(parameters, SctpInitParameterType.StateCookie, cookie, out int p));
            byte[] buffer = new byte[InitChunk.HeaderSize + p];
            Assert.True(new InitChunk(f.Item1, tag, f.Item3, os, mis, f.Item6, parameters.AsSpan(0, p)).TryWrite(buffer, out int written));
            Assert.True(SctpChunk.TryRead(buffer.AsSpan(0, written), out SctpChunk chunk, out _, out _));
            Assert.True(InitChunk.TryParse(chunk, out InitChunk init, out _));
            Assert.True(init.TryGetStateCookie(out ReadOnlySpan<byte> readCookie));
            return init.IsAck == f.Item1 && init.InitiateTag == tag && init.AdvertisedReceiverWindowCredit == f.Item3
                && init.OutboundStreams == os && init.InboundStreams == mis && init.InitialTsn == f.Item6
                && readCookie.SequenceEqual(cookie);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }
}
