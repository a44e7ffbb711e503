using Sfu.Contracts.Rtp;
using Sfu.Media.Rtp.Extensions;

namespace Sfu.Media.Tests.Rtp;

public class RtpHeaderExtensionValueTests
{
    [Fact]
    public void Mid_reads_ascii_without_trailing_nuls()
    {
        Assert.True(MidExtension.TryRead("audio0\0\0"u8, out ReadOnlySpan<byte> mid));
        Assert.Equal("audio0"u8.ToArray(), mid.ToArray());
        Assert.True(MidExtension.Matches("0"u8, "0"));
        Assert.False(MidExtension.Matches("01"u8, "0"));
        Assert.Equal("probator", SdesTextExtension.ToText("probator"u8));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0, 0 })]
    [InlineData(new byte[] { 0x61, 0x20, 0x62 })] // space
    [InlineData(new byte[] { 0x61, 0xC3, 0xB1 })] // non-ASCII
    public void Text_extensions_reject_empty_or_non_printable_values(byte[] value)
    {
        Assert.False(RidExtension.TryRead(value, out _));
        Assert.Null(SdesTextExtension.ToText(value));
    }

    [Fact]
    public void Rid_and_repaired_rid_are_written_as_ascii()
    {
        var buffer = new byte[16];
        Assert.True(RidExtension.TryWrite(buffer, "hi", out int written));
        Assert.Equal("hi"u8.ToArray(), buffer.AsSpan(0, written).ToArray());
        Assert.True(RepairedRidExtension.Matches(buffer.AsSpan(0, written), "hi"));
        Assert.False(RepairedRidExtension.TryWrite(buffer, "h i", out _));
        Assert.False(RepairedRidExtension.TryWrite(new byte[1], "hi", out _));
    }

    [Fact]
    public void Abs_send_time_is_6_18_fixed_point_seconds()
    {
        // 1.5 s = 0x060000 (1 << 18 = 1 s); wraps every 64 s.
        Assert.Equal(0x060000u, AbsSendTimeExtension.FromMicroseconds(1_500_000));
        Assert.Equal(0x060000u, AbsSendTimeExtension.FromMicroseconds(65_500_000));
        Assert.Equal(1_500_000, AbsSendTimeExtension.ToMicroseconds(0x060000));
        var buffer = new byte[3];
        Assert.True(AbsSendTimeExtension.TryWrite(buffer, 0xABCDEF));
        Assert.Equal(new byte[] { 0xAB, 0xCD, 0xEF }, buffer);
        Assert.True(AbsSendTimeExtension.TryRead(buffer, out uint value));
        Assert.Equal(0xABCDEFu, value);
        Assert.False(AbsSendTimeExtension.TryRead(new byte[2], out _));
    }

    [Fact]
    public void Transport_wide_sequence_number_is_16_bit_big_endian()
    {
        Assert.True(TransportWideSequenceNumberExtension.TryRead([0x12, 0x34], out ushort seq));
        Assert.Equal(0x1234, seq);
        var buffer = new byte[2];
        Assert.True(TransportWideSequenceNumberExtension.TryWrite(buffer, 0xFFFE));
        Assert.Equal(new byte[] { 0xFF, 0xFE }, buffer);
        Assert.False(TransportWideSequenceNumberExtension.TryRead([0x12], out _));
    }

    [Theory]
    [InlineData(0x80 | 0x21, true, 33)]
    [InlineData(0x7F, false, 127)]
    [InlineData(0x00, false, 0)]
    public void Audio_level_has_a_voice_flag_and_a_7_bit_level(byte raw, bool voice, byte level)
    {
        Assert.True(AudioLevelExtension.TryRead([raw], out bool v, out byte l));
        Assert.Equal(voice, v);
        Assert.Equal(level, l);
        var buffer = new byte[1];
        Assert.True(AudioLevelExtension.TryWrite(buffer, voice, level));
        Assert.Equal(raw, buffer[0]);
    }

    [Theory]
    [InlineData(0x00, false, false, 0)]
    [InlineData(0x01, false, false, 90)]
    [InlineData(0x02, false, false, 180)]
    [InlineData(0x03, false, false, 270)]
    [InlineData(0x08, true, false, 0)]
    [InlineData(0x0D, true, true, 90)]
    public void Video_orientation_has_camera_flip_and_rotation(byte raw, bool back, bool flip, ushort rotation)
    {
        Assert.True(VideoOrientationExtension.TryRead([raw], out VideoOrientation o));
        Assert.Equal(new VideoOrientation(back, flip, rotation), o);
        var buffer = new byte[1];
        Assert.True(VideoOrientationExtension.TryWrite(buffer, o));
        Assert.Equal(raw, buffer[0]);
        Assert.False(VideoOrientationExtension.TryWrite(buffer, o with { Rotation = 45 }));
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0x00, 0x01 }, 1)]
    [InlineData(new byte[] { 0x7F, 0xFF, 0xFF }, 8388607)]
    [InlineData(new byte[] { 0x80, 0x00, 0x00 }, -8388608)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF }, -1)]
    public void Transmission_time_offset_is_24_bit_signed(byte[] raw, int offset)
    {
        Assert.True(TransmissionTimeOffsetExtension.TryRead(raw, out int value));
        Assert.Equal(offset, value);
        var buffer = new byte[3];
        Assert.True(TransmissionTimeOffsetExtension.TryWrite(buffer, offset));
        Assert.Equal(raw, buffer);
    }

    [Fact]
    public void Transmission_time_offset_out_of_range_is_refused()
    {
        Assert.False(TransmissionTimeOffsetExtension.TryWrite(new byte[3], 8388608));
    }

    [Fact]
    public void Frame_marking_short_form_carries_the_four_flags()
    {
        Assert.True(FrameMarkingExtension.TryRead([0xA0], out FrameMarking m)); // S, I
        Assert.True(m.StartOfFrame);
        Assert.False(m.EndOfFrame);
        Assert.True(m.Independent);
        Assert.False(m.Discardable);
        Assert.False(m.HasLayerId);
        var buffer = new byte[3];
        Assert.True(FrameMarkingExtension.TryWrite(buffer, m, out int written));
        Assert.Equal(1, written);
        Assert.Equal(0xA0, buffer[0]);
    }

    [Fact]
    public void Frame_marking_scalable_form_carries_tid_lid_and_tl0picidx()
    {
        // S=0 E=1 I=0 D=1 B=1 TID=2 | LID=3 | TL0PICIDX=200
        Assert.True(FrameMarkingExtension.TryRead([0x5A, 0x03, 0xC8], out FrameMarking m));
        Assert.Equal(
            new FrameMarking
            {
                EndOfFrame = true, Discardable = true, BaseLayerSync = true, TemporalId = 2, LayerId = 3, Tl0PicIdx = 200,
                HasLayerId = true, HasTl0PicIdx = true,
            },
            m);
        var buffer = new byte[3];
        Assert.True(FrameMarkingExtension.TryWrite(buffer, m, out int written));
        Assert.Equal(new byte[] { 0x5A, 0x03, 0xC8 }, buffer.AsSpan(0, written).ToArray());
        Assert.False(FrameMarkingExtension.TryRead(new byte[4], out _));
    }

    [Fact]
    public void Playout_delay_is_two_12_bit_limits_in_10_ms_units()
    {
        // min 100 ms (10), max 1000 ms (100): 0x00A | 0x064 → 00 A0 64
        Assert.True(PlayoutDelayExtension.TryRead([0x00, 0xA0, 0x64], out ushort min, out ushort max));
        Assert.Equal(10, min);
        Assert.Equal(100, max);
        var buffer = new byte[3];
        Assert.True(PlayoutDelayExtension.TryWrite(buffer, 4095, 4095));
        Assert.Equal(new byte[] { 0xFF, 0xFF, 0xFF }, buffer);
        Assert.False(PlayoutDelayExtension.TryWrite(buffer, 4096, 0));
    }

    [Fact]
    public void Absolute_capture_time_has_an_optional_clock_offset()
    {
        var buffer = new byte[16];
        Assert.True(AbsoluteCaptureTimeExtension.TryWrite(buffer, 0x0102030405060708UL, out int shortLength));
        Assert.Equal(8, shortLength);
        Assert.True(AbsoluteCaptureTimeExtension.TryRead(buffer.AsSpan(0, 8), out ulong ntp, out _, out bool hasOffset));
        Assert.Equal(0x0102030405060708UL, ntp);
        Assert.False(hasOffset);

        Assert.True(AbsoluteCaptureTimeExtension.TryWrite(buffer, 42UL, -1L, out int longLength));
        Assert.Equal(16, longLength);
        Assert.True(AbsoluteCaptureTimeExtension.TryRead(buffer, out ntp, out long offset, out hasOffset));
        Assert.Equal(42UL, ntp);
        Assert.True(hasOffset);
        Assert.Equal(-1L, offset);
        Assert.False(AbsoluteCaptureTimeExtension.TryRead(new byte[12], out _, out _, out _));
    }

    [Fact]
    public void Twelve_uris_in_router_capability_order()
    {
        Assert.Equal(12, RtpHeaderExtensionUris.All.Count);
        Assert.Equal("urn:ietf:params:rtp-hdrext:sdes:mid", RtpHeaderExtensionUris.All[0]);
        Assert.Equal("http://www.webrtc.org/experiments/rtp-hdrext/playout-delay", RtpHeaderExtensionUris.All[11]);
        Assert.True(RtpHeaderExtensionUris.IsSupported("urn:3gpp:video-orientation"));
        Assert.False(RtpHeaderExtensionUris.IsSupported("urn:example"));
    }

    [Fact]
    public void Negotiated_ids_are_collected_by_uri()
    {
        RtpHeaderExtensionParameters[] negotiated =
        [
            new() { Uri = RtpHeaderExtensionUris.Mid, Id = 1 },
            new() { Uri = RtpHeaderExtensionUris.RtpStreamId, Id = 2 },
            new() { Uri = RtpHeaderExtensionUris.RepairedRtpStreamId, Id = 3 },
            new() { Uri = RtpHeaderExtensionUris.AbsSendTime, Id = 4 },
            new() { Uri = RtpHeaderExtensionUris.TransportWideCc01, Id = 5 },
            new() { Uri = RtpHeaderExtensionUris.FrameMarking07, Id = 6 },
            new() { Uri = RtpHeaderExtensionUris.FrameMarking, Id = 7 },
            new() { Uri = RtpHeaderExtensionUris.SsrcAudioLevel, Id = 10 },
            new() { Uri = RtpHeaderExtensionUris.VideoOrientation, Id = 11 },
            new() { Uri = RtpHeaderExtensionUris.TimeOffset, Id = 12 },
            new() { Uri = RtpHeaderExtensionUris.AbsCaptureTime, Id = 13 },
            new() { Uri = RtpHeaderExtensionUris.PlayoutDelay, Id = 14 },
            new() { Uri = RtpHeaderExtensionUris.Mid, Id = 9 }, // duplicate: first wins
            new() { Uri = "urn:example", Id = 8 },
        ];
        RtpHeaderExtensionIds ids = RtpHeaderExtensionIds.From(negotiated);
        Assert.Equal(
            new RtpHeaderExtensionIds
            {
                Mid = 1, Rid = 2, RRid = 3, AbsSendTime = 4, TransportWideCc01 = 5, FrameMarking07 = 6, FrameMarking = 7,
                SsrcAudioLevel = 10, VideoOrientation = 11, TOffset = 12, AbsCaptureTime = 13, PlayoutDelay = 14,
            },
            ids);
        Assert.Equal(0, ids.GetId("urn:example"));
        Assert.Equal(default, RtpHeaderExtensionIds.From(null));
    }
}
