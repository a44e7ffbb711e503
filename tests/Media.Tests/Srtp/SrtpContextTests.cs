using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using Sfu.Media.Srtp;
using Sfu.Tests.Shared;

namespace Sfu.Media.Tests.Srtp;

public class SrtpContextTests
{
    private static readonly Gen<byte> AnyByte = Gen.Choose(0, 255).Select(i => (byte)i);
    private static readonly Gen<uint> AnyUInt = ArbMap.Default.GeneratorFor<uint>();

    /// <summary>RTP packets with any sequence number and SSRC, 0–15 CSRCs, an optional extension and 0–1400 payload bytes.</summary>
    private static readonly Gen<byte[]> AnyRtpPacket =
        from seq in Gen.Choose(0, 65535)
        from ssrc in AnyUInt
        from timestamp in AnyUInt
        from payloadType in Gen.Choose(0, 127)
        from csrcCount in Gen.Choose(0, 15)
        from csrcs in Gen.ArrayOf(AnyUInt, csrcCount)
        from extensionLength in Gen.Choose(-1, 40)
        from extension in Gen.ArrayOf(AnyByte, Math.Max(extensionLength, 0))
        from payloadLength in Gen.Choose(0, 1400)
        from payload in Gen.ArrayOf(AnyByte, payloadLength)
        select TestPackets.Rtp((ushort)seq, ssrc, timestamp, (byte)payloadType, csrcs, extensionLength < 0 ? null : extension, payload);

    /// <summary>RTCP packets: any sender SSRC, packet type 200–206 and a body of whole words.</summary>
    private static readonly Gen<byte[]> AnyRtcpPacket =
        from ssrc in AnyUInt
        from packetType in Gen.Choose(200, 206)
        from words in Gen.Choose(0, 300)
        from body in Gen.ArrayOf(AnyByte, 4 * words)
        select TestPackets.Rtcp(ssrc, body, (byte)packetType);

    // ---- Round trips -------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void Unprotect_of_protect_is_the_original_rtp_packet_for_any_header_and_payload(SrtpProfile profile)
    {
        Prop.ForAll(AnyRtpPacket.ToArbitrary(), plain =>
        {
            using var sender = new SrtpContext(TestPackets.MasterKey(profile));
            using var receiver = new SrtpContext(TestPackets.MasterKey(profile));

            var wire = TestPackets.ProtectRtp(sender, plain);
            Assert.Equal(plain.Length + profile.RtpOverhead(), wire.Length);
            Assert.Equal(plain[..HeaderLength(plain)], wire[..HeaderLength(plain)]);

            Assert.True(receiver.TryUnprotectRtp(wire, wire.Length, out int length, out var error), error.ToString());
            Assert.Equal(plain, wire[..length]);
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void Unprotect_of_protect_is_the_original_rtcp_packet(SrtpProfile profile)
    {
        Prop.ForAll(AnyRtcpPacket.ToArbitrary(), plain =>
        {
            using var sender = new SrtpContext(TestPackets.MasterKey(profile));
            using var receiver = new SrtpContext(TestPackets.MasterKey(profile));

            var wire = TestPackets.ProtectRtcp(sender, plain);
            Assert.Equal(plain.Length + profile.RtcpOverhead(), wire.Length);
            Assert.Equal(plain[..8], wire[..8]);

            Assert.True(receiver.TryUnprotectRtcp(wire, wire.Length, out int length, out var error), error.ToString());
            Assert.Equal(plain, wire[..length]);
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void Payload_is_encrypted_and_the_header_left_in_clear(SrtpProfile profile)
    {
        using var sender = new SrtpContext(TestPackets.MasterKey(profile));
        var plain = TestPackets.Rtp(7, csrcs: [1, 2], extension: [0x10, 0xAA, 0, 0], payload: new byte[64]);

        var wire = TestPackets.ProtectRtp(sender, plain);

        int header = HeaderLength(plain);
        Assert.Equal(plain[..header], wire[..header]);
        Assert.NotEqual(new byte[64], wire[header..(header + 64)]);
    }

    [Fact]
    public void A_receiver_with_another_key_rejects_the_packet()
    {
        using var sender = new SrtpContext(TestPackets.MasterKey(SrtpProfile.AesCm128HmacSha1_80, seed: 1));
        using var receiver = new SrtpContext(TestPackets.MasterKey(SrtpProfile.AesCm128HmacSha1_80, seed: 2));
        var wire = TestPackets.ProtectRtp(sender, TestPackets.Rtp(1));

        Assert.False(receiver.TryUnprotectRtp(wire, wire.Length, out _, out var error));
        Assert.Equal(SrtpError.AuthenticationFailed, error);
        Assert.Equal(0, receiver.RtpStreamCount);
    }

    // ---- Tampering ---------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void Flipping_any_bit_of_a_protected_rtp_packet_fails_authentication(SrtpProfile profile)
    {
        using var sender = new SrtpContext(TestPackets.MasterKey(profile));
        var wire = TestPackets.ProtectRtp(sender, TestPackets.Rtp(1000, csrcs: [9], extension: [0x10, 0x01, 0, 0], payload: new byte[40]));

        for (int i = 0; i < wire.Length; i++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                using var receiver = new SrtpContext(TestPackets.MasterKey(profile));
                var tampered = (byte[])wire.Clone();
                tampered[i] ^= (byte)(1 << bit);

                Assert.False(receiver.TryUnprotectRtp(tampered, tampered.Length, out _, out var error), $"byte {i} bit {bit}");
                // Only the first byte (version, X bit, CSRC count) and the extension length (bytes 18 and 19 after
                // one CSRC and the 0xBEDE profile) can make the header itself unreadable.
                if (i is 0 or 18 or 19)
                {
                    Assert.Contains(error, new[] { SrtpError.AuthenticationFailed, SrtpError.InvalidHeader, SrtpError.Truncated });
                }
                else
                {
                    Assert.Equal(SrtpError.AuthenticationFailed, error);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void Flipping_any_bit_of_a_protected_rtcp_packet_fails_authentication(SrtpProfile profile)
    {
        using var sender = new SrtpContext(TestPackets.MasterKey(profile));
        var wire = TestPackets.ProtectRtcp(sender, TestPackets.Rtcp(body: new byte[24]));

        for (int i = 0; i < wire.Length; i++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                using var receiver = new SrtpContext(TestPackets.MasterKey(profile));
                var tampered = (byte[])wire.Clone();
                tampered[i] ^= (byte)(1 << bit);

                Assert.False(receiver.TryUnprotectRtcp(tampered, tampered.Length, out _, out var error), $"byte {i} bit {bit}");
                var expected = i == 0 && bit >= 6 ? SrtpError.InvalidHeader : SrtpError.AuthenticationFailed;
                Assert.Equal(expected, error);
            }
        }
    }

    // ---- Replay protection (RFC 3711 §3.3.2) -------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void Replaying_an_accepted_rtp_packet_is_rejected_as_a_duplicate(SrtpProfile profile)
    {
        using var sender = new SrtpContext(TestPackets.MasterKey(profile));
        using var receiver = new SrtpContext(TestPackets.MasterKey(profile));
        var wire = TestPackets.ProtectRtp(sender, TestPackets.Rtp(500));

        Assert.True(receiver.TryUnprotectRtp((byte[])wire.Clone(), wire.Length, out _, out _));
        Assert.False(receiver.TryUnprotectRtp((byte[])wire.Clone(), wire.Length, out _, out var error));
        Assert.Equal(SrtpError.ReplayDuplicate, error);
    }

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void Replaying_an_accepted_rtcp_packet_is_rejected_as_a_duplicate(SrtpProfile profile)
    {
        using var sender = new SrtpContext(TestPackets.MasterKey(profile));
        using var receiver = new SrtpContext(TestPackets.MasterKey(profile));
        var wire = TestPackets.ProtectRtcp(sender, TestPackets.Rtcp());

        Assert.True(receiver.TryUnprotectRtcp((byte[])wire.Clone(), wire.Length, out _, out _));
        Assert.False(receiver.TryUnprotectRtcp((byte[])wire.Clone(), wire.Length, out _, out var error));
        Assert.Equal(SrtpError.ReplayDuplicate, error);
    }

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void A_packet_1024_behind_the_highest_is_too_old_and_1023_behind_is_still_accepted(SrtpProfile profile)
    {
        using var sender = new SrtpContext(TestPackets.MasterKey(profile));
        using var receiver = new SrtpContext(TestPackets.MasterKey(profile));
        var packets = new Dictionary<ushort, byte[]>();
        for (int seq = 100; seq <= 100 + 1024; seq++)
        {
            packets[(ushort)seq] = TestPackets.ProtectRtp(sender, TestPackets.Rtp((ushort)seq));
        }

        Assert.True(Unprotect(receiver, packets[1124], out _));

        Assert.False(Unprotect(receiver, packets[100], out var error));
        Assert.Equal(SrtpError.ReplayOld, error);
        Assert.True(Unprotect(receiver, packets[101], out error), error.ToString());
        Assert.True(Unprotect(receiver, packets[600], out error), error.ToString());
    }

    [Fact]
    public void The_replay_window_follows_the_highest_index_as_it_advances()
    {
        using var sender = new SrtpContext(TestPackets.MasterKey(SrtpProfile.AeadAes128Gcm));
        using var receiver = new SrtpContext(TestPackets.MasterKey(SrtpProfile.AeadAes128Gcm));
        var packets = new byte[3000][];
        for (int seq = 0; seq < packets.Length; seq++)
        {
            packets[seq] = TestPackets.ProtectRtp(sender, TestPackets.Rtp((ushort)seq));
        }

        // Receive the even packets, then the odd ones that are still inside the window.
        for (int seq = 0; seq < packets.Length; seq += 2)
        {
            Assert.True(Unprotect(receiver, packets[seq], out _));
        }

        int highest = packets.Length - 2;
        for (int seq = 1; seq < packets.Length; seq += 2)
        {
            bool accepted = Unprotect(receiver, packets[seq], out var error);
            if (seq < highest - 1023)
            {
                Assert.Equal(SrtpError.ReplayOld, error);
            }
            else
            {
                Assert.True(accepted, $"seq {seq}: {error}");
            }
        }
    }

    [Fact]
    public void Srtcp_packets_out_of_order_are_accepted_once_each()
    {
        using var sender = new SrtpContext(TestPackets.MasterKey(SrtpProfile.AesCm128HmacSha1_80));
        using var receiver = new SrtpContext(TestPackets.MasterKey(SrtpProfile.AesCm128HmacSha1_80));
        var wires = Enumerable.Range(0, 10).Select(_ => TestPackets.ProtectRtcp(sender, TestPackets.Rtcp())).ToArray();

        foreach (int i in new[] { 3, 0, 9, 1, 2, 8, 4, 7, 5, 6 })
        {
            Assert.True(receiver.TryUnprotectRtcp((byte[])wires[i].Clone(), wires[i].Length, out _, out var error), $"{i}: {error}");
        }

        Assert.False(receiver.TryUnprotectRtcp((byte[])wires[4].Clone(), wires[4].Length, out _, out var duplicate));
        Assert.Equal(SrtpError.ReplayDuplicate, duplicate);
    }

    // ---- Sender side: allow_repeat_tx ---------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void A_sender_may_protect_the_same_packet_again_for_retransmission(SrtpProfile profile)
    {
        using var sender = new SrtpContext(TestPackets.MasterKey(profile));
        using var receiver = new SrtpContext(TestPackets.MasterKey(profile));
        var plain = TestPackets.Rtp(42);

        var first = TestPackets.ProtectRtp(sender, plain);
        TestPackets.ProtectRtp(sender, TestPackets.Rtp(43));
        var again = TestPackets.ProtectRtp(sender, plain);

        Assert.Equal(first, again);
        Assert.True(Unprotect(receiver, again, out var error), error.ToString());
    }

    [Fact]
    public void Without_allow_repeat_tx_protecting_an_index_twice_is_a_duplicate()
    {
        using var sender = new SrtpContext(TestPackets.MasterKey(SrtpProfile.AesCm128HmacSha1_80), new SrtpContextOptions { AllowRepeatTx = false });
        TestPackets.ProtectRtp(sender, TestPackets.Rtp(42));

        var buffer = TestPackets.WithRoom(TestPackets.Rtp(42));
        Assert.False(sender.TryProtectRtp(buffer, buffer.Length - SrtpProfiles.MaxRtcpOverhead, out _, out var error));
        Assert.Equal(SrtpError.ReplayDuplicate, error);
    }

    [Fact]
    public void A_sender_refuses_to_protect_an_index_older_than_the_window()
    {
        using var sender = new SrtpContext(TestPackets.MasterKey(SrtpProfile.AeadAes128Gcm));
        TestPackets.ProtectRtp(sender, TestPackets.Rtp(10));
        TestPackets.ProtectRtp(sender, TestPackets.Rtp(10 + 1024));

        var plain = TestPackets.Rtp(10);
        var buffer = TestPackets.WithRoom(plain);
        Assert.False(sender.TryProtectRtp(buffer, plain.Length, out _, out var error));
        Assert.Equal(SrtpError.ReplayOld, error);
    }

    // ---- Rollover counter (RFC 3711 §3.3.1, Appendix A) ----------------------------------------------------------

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void Sequence_wrap_from_65535_to_0_increments_the_rollover_counter_on_both_sides(SrtpProfile profile)
    {
        using var sender = new SrtpContext(TestPackets.MasterKey(profile));
        using var receiver = new SrtpContext(TestPackets.MasterKey(profile));
        const uint ssrc = 0x11223344;

        for (int i = 0; i < 3 * 65536 + 10; i += 97)
        {
            ushort seq = (ushort)(65500 + i);
            var plain = TestPackets.Rtp(seq, ssrc);
            var wire = TestPackets.ProtectRtp(sender, plain);
            Assert.True(Unprotect(receiver, wire, out var error, out var recovered), $"i {i}: {error}");
            Assert.Equal(plain, recovered);
        }

        Assert.True(sender.TryGetRolloverCounter(ssrc, out uint senderRoc));
        Assert.True(receiver.TryGetRolloverCounter(ssrc, out uint receiverRoc));
        Assert.Equal(3u, senderRoc);
        Assert.Equal(3u, receiverRoc);
    }

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void Packets_reordered_around_the_wrap_are_all_accepted_with_the_right_rollover_counter(SrtpProfile profile)
    {
        using var sender = new SrtpContext(TestPackets.MasterKey(profile));
        using var receiver = new SrtpContext(TestPackets.MasterKey(profile));
        var seqs = Enumerable.Range(65520, 40).Select(s => (ushort)s).ToArray(); // 65520..65535, 0..23
        var plains = seqs.ToDictionary(s => s, s => TestPackets.Rtp(s, payload: BitConverter.GetBytes((int)s)));
        var wires = seqs.ToDictionary(s => s, s => TestPackets.ProtectRtp(sender, plains[s]));

        // 65520 first (pre-wrap), then post-wrap packets arrive before late pre-wrap ones.
        var order = new List<ushort> { 65520, 3, 65535, 0, 65530, 10, 1, 65521, 23 };
        order.AddRange(seqs.Except(order).OrderBy(s => (s * 7919) % 40));
        foreach (ushort seq in order)
        {
            Assert.True(Unprotect(receiver, wires[seq], out var error, out var recovered), $"seq {seq}: {error}");
            Assert.Equal(plains[seq], recovered);
        }

        Assert.True(receiver.TryGetRolloverCounter(0x11223344, out uint roc));
        Assert.Equal(1u, roc);
    }

    [Fact]
    public void A_stream_that_starts_just_before_the_wrap_moves_to_rollover_counter_1()
    {
        using var sender = new SrtpContext(TestPackets.MasterKey(SrtpProfile.AesCm128HmacSha1_80));
        using var receiver = new SrtpContext(TestPackets.MasterKey(SrtpProfile.AesCm128HmacSha1_80));
        var before = TestPackets.ProtectRtp(sender, TestPackets.Rtp(65535));
        var after = TestPackets.ProtectRtp(sender, TestPackets.Rtp(0));

        Assert.True(Unprotect(receiver, before, out var error), error.ToString());
        Assert.True(receiver.TryGetRolloverCounter(0x11223344, out uint roc));
        Assert.Equal(0u, roc);
        Assert.True(Unprotect(receiver, after, out error), error.ToString());
        Assert.True(receiver.TryGetRolloverCounter(0x11223344, out roc));
        Assert.Equal(1u, roc);
    }

    // ---- SRTCP index (RFC 3711 §3.4) ----------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void Srtcp_index_counts_up_from_1_per_sender_ssrc_with_the_E_flag_set(SrtpProfile profile)
    {
        using var sender = new SrtpContext(TestPackets.MasterKey(profile));
        int tag = profile.RtcpAuthTagLength();

        uint TrailerWord(uint ssrc)
        {
            var wire = TestPackets.ProtectRtcp(sender, TestPackets.Rtcp(ssrc));
            int at = profile.IsAead() ? wire.Length - 4 : wire.Length - tag - 4;
            return BinaryPrimitives.ReadUInt32BigEndian(wire.AsSpan(at));
        }

        Assert.Equal(0x8000_0001u, TrailerWord(1));
        Assert.Equal(0x8000_0002u, TrailerWord(1));
        Assert.Equal(0x8000_0001u, TrailerWord(2));
        Assert.Equal(0x8000_0003u, TrailerWord(1));
        Assert.Equal(2, sender.RtcpStreamCount);
    }

    [Fact]
    public void An_aes_cm_srtcp_packet_with_E_clear_is_authenticated_and_left_in_clear()
    {
        // RFC 3711 §3.4: with E = 0 the payload is not encrypted, but the tag still covers packet, E and index.
        var master = TestPackets.MasterKey(SrtpProfile.AesCm128HmacSha1_80);
        var keys = SrtpSessionKeys.Derive(master.Profile, master.Key.Span, master.Salt.Span);
        var plain = TestPackets.Rtcp(body: new byte[24]);
        byte[] word = [0x00, 0x00, 0x00, 0x05];
        byte[] authenticated = [.. plain, .. word];
        byte[] tag = System.Security.Cryptography.HMACSHA1.HashData(keys.RtcpAuthKey, authenticated)[..10];
        byte[] wire = [.. authenticated, .. tag];
        using var receiver = new SrtpContext(master);

        Assert.True(receiver.TryUnprotectRtcp(wire, wire.Length, out int length, out var error), error.ToString());
        Assert.Equal(plain, wire[..length]);

        byte[] forged = [.. plain, 0x80, 0x00, 0x00, 0x06, .. tag];
        Assert.False(receiver.TryUnprotectRtcp(forged, forged.Length, out _, out error));
        Assert.Equal(SrtpError.AuthenticationFailed, error);
    }

    // ---- Malformed and truncated input ---------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void Every_prefix_of_a_protected_packet_is_rejected_without_throwing(SrtpProfile profile)
    {
        using var sender = new SrtpContext(TestPackets.MasterKey(profile));
        var rtp = TestPackets.ProtectRtp(sender, TestPackets.Rtp(1, csrcs: [1, 2, 3], extension: new byte[8], payload: new byte[30]));
        var rtcp = TestPackets.ProtectRtcp(sender, TestPackets.Rtcp(body: new byte[40]));

        for (int length = 0; length < rtp.Length; length++)
        {
            using var receiver = new SrtpContext(TestPackets.MasterKey(profile));
            var prefix = rtp[..length];
            Assert.False(receiver.TryUnprotectRtp(prefix, length, out _, out var error));
            Assert.NotEqual(SrtpError.None, error);
            if (length < 12 + profile.RtpOverhead())
            {
                Assert.Equal(SrtpError.Truncated, error);
            }
        }

        for (int length = 0; length < rtcp.Length; length++)
        {
            using var receiver = new SrtpContext(TestPackets.MasterKey(profile));
            var prefix = rtcp[..length];
            Assert.False(receiver.TryUnprotectRtcp(prefix, length, out _, out var error));
            Assert.NotEqual(SrtpError.None, error);
            if (length < 8 + profile.RtcpOverhead())
            {
                Assert.Equal(SrtpError.Truncated, error);
            }
        }
    }

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void Every_prefix_of_a_plain_packet_is_protected_or_rejected_as_truncated(SrtpProfile profile)
    {
        var plain = TestPackets.Rtp(1, csrcs: [1, 2, 3], extension: new byte[8], payload: new byte[30]);
        int header = HeaderLength(plain);
        for (int length = 0; length <= plain.Length; length++)
        {
            using var sender = new SrtpContext(TestPackets.MasterKey(profile));
            var buffer = TestPackets.WithRoom(plain[..length]);
            bool ok = sender.TryProtectRtp(buffer, length, out _, out var error);
            Assert.Equal(length >= header, ok);
            Assert.Equal(length >= header ? SrtpError.None : SrtpError.Truncated, error);
        }

        var rtcp = TestPackets.Rtcp();
        for (int length = 0; length < 8; length++)
        {
            using var sender = new SrtpContext(TestPackets.MasterKey(profile));
            Assert.False(sender.TryProtectRtcp(TestPackets.WithRoom(rtcp[..length]), length, out _, out var error));
            Assert.Equal(SrtpError.Truncated, error);
        }
    }

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void Random_bytes_are_rejected_without_throwing_and_create_no_stream(SrtpProfile profile)
    {
        using var receiver = new SrtpContext(TestPackets.MasterKey(profile));
        var anyBytes = Gen.Choose(0, 300).SelectMany(n => Gen.ArrayOf(AnyByte, n));
        Prop.ForAll(anyBytes.ToArbitrary(), bytes =>
        {
            // Make half of them look like RTP/RTCP version 2 to get past the first check.
            if (bytes.Length > 0 && bytes[0] % 2 == 0)
            {
                bytes[0] = (byte)(0x80 | (bytes[0] & 0x3F));
            }

            var copy = (byte[])bytes.Clone();
            Assert.False(receiver.TryUnprotectRtp(bytes, bytes.Length, out _, out var rtpError));
            Assert.NotEqual(SrtpError.None, rtpError);
            Assert.False(receiver.TryUnprotectRtcp(copy, copy.Length, out _, out var rtcpError));
            Assert.NotEqual(SrtpError.None, rtcpError);
        }).QuickCheckThrowOnFailure();

        Assert.Equal(0, receiver.RtpStreamCount);
        Assert.Equal(0, receiver.RtcpStreamCount);
    }

    [Fact]
    public void A_packet_that_is_not_version_2_is_an_invalid_header()
    {
        using var context = new SrtpContext(TestPackets.MasterKey(SrtpProfile.AesCm128HmacSha1_80));
        var plain = TestPackets.Rtp(1);
        plain[0] = (byte)(plain[0] & 0x3F | 0x40);

        Assert.False(context.TryProtectRtp(TestPackets.WithRoom(plain), plain.Length, out _, out var error));
        Assert.Equal(SrtpError.InvalidHeader, error);
        Assert.False(context.TryUnprotectRtp(TestPackets.WithRoom(plain), plain.Length + 10, out _, out error));
        Assert.Equal(SrtpError.InvalidHeader, error);
    }

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void Protecting_without_room_for_the_tag_fails_and_leaves_the_packet_untouched(SrtpProfile profile)
    {
        using var context = new SrtpContext(TestPackets.MasterKey(profile));
        var plain = TestPackets.Rtp(1);
        var buffer = new byte[plain.Length + profile.RtpOverhead() - 1];
        plain.CopyTo(buffer, 0);

        Assert.False(context.TryProtectRtp(buffer, plain.Length, out _, out var error));
        Assert.Equal(SrtpError.BufferTooSmall, error);
        Assert.Equal(plain, buffer[..plain.Length]);

        var rtcp = TestPackets.Rtcp();
        var rtcpBuffer = new byte[rtcp.Length + profile.RtcpOverhead() - 1];
        rtcp.CopyTo(rtcpBuffer, 0);
        Assert.False(context.TryProtectRtcp(rtcpBuffer, rtcp.Length, out _, out error));
        Assert.Equal(SrtpError.BufferTooSmall, error);
    }

    [Fact]
    public void A_length_beyond_the_buffer_is_a_caller_bug()
    {
        using var context = new SrtpContext(TestPackets.MasterKey(SrtpProfile.AesCm128HmacSha1_80));
        Assert.Throws<ArgumentOutOfRangeException>(() => context.TryUnprotectRtp(new byte[10], 11, out _, out _));
    }

    // ---- Stream limit ----------------------------------------------------------------------------------------------

    [Fact]
    public void A_new_ssrc_beyond_the_stream_limit_fails_until_a_stream_is_removed()
    {
        var options = new SrtpContextOptions { MaxStreams = 2 };
        using var sender = new SrtpContext(TestPackets.MasterKey(SrtpProfile.AesCm128HmacSha1_80), options);
        using var receiver = new SrtpContext(TestPackets.MasterKey(SrtpProfile.AesCm128HmacSha1_80), options);
        using var unlimited = new SrtpContext(TestPackets.MasterKey(SrtpProfile.AesCm128HmacSha1_80));

        Assert.True(Unprotect(receiver, TestPackets.ProtectRtp(sender, TestPackets.Rtp(1, ssrc: 1)), out _));
        Assert.True(Unprotect(receiver, TestPackets.ProtectRtp(sender, TestPackets.Rtp(1, ssrc: 2)), out _));

        var third = TestPackets.Rtp(1, ssrc: 3);
        Assert.False(sender.TryProtectRtp(TestPackets.WithRoom(third), third.Length, out _, out var error));
        Assert.Equal(SrtpError.TooManyStreams, error);
        Assert.False(Unprotect(receiver, TestPackets.ProtectRtp(unlimited, third), out error));
        Assert.Equal(SrtpError.TooManyStreams, error);

        Assert.True(receiver.RemoveStream(1));
        Assert.True(sender.RemoveStream(1));
        Assert.True(Unprotect(receiver, TestPackets.ProtectRtp(sender, TestPackets.Rtp(2, ssrc: 3)), out error), error.ToString());
        Assert.Equal(2, receiver.RtpStreamCount);
    }

    [Fact]
    public void Packets_that_fail_authentication_do_not_create_streams()
    {
        using var receiver = new SrtpContext(TestPackets.MasterKey(SrtpProfile.AeadAes128Gcm), new SrtpContextOptions { MaxStreams = 1 });
        using var forger = new SrtpContext(TestPackets.MasterKey(SrtpProfile.AeadAes128Gcm, seed: 99));
        using var sender = new SrtpContext(TestPackets.MasterKey(SrtpProfile.AeadAes128Gcm));

        for (uint ssrc = 1; ssrc <= 50; ssrc++)
        {
            Assert.False(Unprotect(receiver, TestPackets.ProtectRtp(forger, TestPackets.Rtp(1, ssrc)), out var error));
            Assert.Equal(SrtpError.AuthenticationFailed, error);
        }

        Assert.Equal(0, receiver.RtpStreamCount);
        Assert.True(Unprotect(receiver, TestPackets.ProtectRtp(sender, TestPackets.Rtp(1, ssrc: 77)), out var ok), ok.ToString());
        Assert.Equal(1, receiver.RtpStreamCount);
    }

    [Fact]
    public void A_removed_stream_starts_over_with_a_fresh_replay_window()
    {
        using var sender = new SrtpContext(TestPackets.MasterKey(SrtpProfile.AesCm128HmacSha1_80));
        using var receiver = new SrtpContext(TestPackets.MasterKey(SrtpProfile.AesCm128HmacSha1_80));
        var wire = TestPackets.ProtectRtp(sender, TestPackets.Rtp(5));
        Assert.True(Unprotect(receiver, wire, out _));

        receiver.RemoveStream(0x11223344);

        Assert.True(Unprotect(receiver, wire, out var error), error.ToString());
    }

    // ---- Allocation -------------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void Ten_thousand_protect_and_unprotect_round_trips_allocate_nothing(SrtpProfile profile)
    {
        using var sender = new SrtpContext(TestPackets.MasterKey(profile));
        using var receiver = new SrtpContext(TestPackets.MasterKey(profile));
        var rtp = TestPackets.Rtp(0, csrcs: [7], extension: new byte[8], payload: new byte[1100]);
        var rtcp = TestPackets.Rtcp(body: new byte[60]);
        var buffer = new byte[1500];

        void Run(int from, int count)
        {
            for (int i = from; i < from + count; i++)
            {
                rtp.CopyTo(buffer, 0);
                BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)i);
                if (!sender.TryProtectRtp(buffer, rtp.Length, out int protectedLength, out var error)
                    || !receiver.TryUnprotectRtp(buffer, protectedLength, out _, out error))
                {
                    throw new InvalidOperationException($"RTP {i}: {error}");
                }

                rtcp.CopyTo(buffer, 0);
                if (!sender.TryProtectRtcp(buffer, rtcp.Length, out protectedLength, out error)
                    || !receiver.TryUnprotectRtcp(buffer, protectedLength, out _, out error))
                {
                    throw new InvalidOperationException($"RTCP {i}: {error}");
                }
            }
        }

        Run(0, 1000); // creates the streams and warms up
        int from = 1000;
        var (allocated, _) = SteadyStateAllocation.Measure(() =>
        {
            Run(from, 10_000);
            from += 10_000;
        });

        Assert.Equal(0, allocated);
    }

    private static bool Unprotect(SrtpContext receiver, byte[] wire, out SrtpError error) =>
        Unprotect(receiver, wire, out error, out _);

    private static bool Unprotect(SrtpContext receiver, byte[] wire, out SrtpError error, out byte[] plain)
    {
        var copy = (byte[])wire.Clone();
        bool ok = receiver.TryUnprotectRtp(copy, copy.Length, out int length, out error);
        plain = copy[..length];
        return ok;
    }

    private static int HeaderLength(byte[] plain)
    {
        Assert.Equal(SrtpError.None, SrtpContext.TryGetRtpHeaderLength(plain, out int length));
        return length;
    }
}
