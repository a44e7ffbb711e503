using Sfu.Media.Codecs;

namespace Sfu.Media.Tests.Codecs;

/// <summary>
/// VP8 payload descriptors (RFC 7741 §4.2). Vectors from mediasoup's worker/test/src/RTC/Codecs/TestVP8.cpp, bytes
/// annotated field by field.
/// </summary>
public class Vp8PayloadDescriptorTests
{
    /// <summary>X=1 R=1 N=0 S=1 PID=0 | I=1 L=0 T=0 K=0 | M=0 PictureID=17 | payload header 0x00 (P=0: key frame).</summary>
    internal static readonly byte[] KeyFrameWithPictureId = [0xd0, 0x80, 0x11, 0x00];

    /// <summary>X=1 S=0 | I=0 L=0 T=1 K=1 RSV=1110 | TID=3 Y=1 KEYIDX=4 | 0x00.</summary>
    internal static readonly byte[] TemporalAndKeyIndex = [0x88, 0x3e, 0xe4, 0x00];

    /// <summary>X=1 S=1 | I=1 L=1 | PictureID=17 | TL0PICIDX=3.</summary>
    internal static readonly byte[] PictureIdAndTl0PicIdx = [0xd0, 0xc0, 0x11, 0x03];

    /// <summary>X=1 S=0 | I=1 L=1 T=1 K=0 | M=0 PictureID=1 | TL0PICIDX=1 | TID=3 Y=1 (KEYIDX ignored) | payload.</summary>
    internal static readonly byte[] AllFieldsSevenBitPictureId = [0x80, 0xe0, 0x01, 0x01, 0xe8, 0x40, 0x7a, 0xd8];

    /// <summary>X=1 S=1 | I=1 L=1 T=1 | M=1 PictureID=0x1234 | TL0PICIDX=0x56 | TID=1 Y=0 | key frame payload.</summary>
    internal static readonly byte[] FifteenBitPictureId = [0x90, 0xe0, 0x92, 0x34, 0x56, 0x40, 0x10, 0x02, 0x00];

    [Fact]
    public void Mediasoup_descriptor_with_a_one_octet_picture_id_is_a_key_frame()
    {
        Assert.True(Vp8PayloadDescriptor.TryParse(KeyFrameWithPictureId, out Vp8PayloadDescriptor d, out CodecParseError error));

        Assert.Equal(CodecParseError.None, error);
        Assert.True(d.HasExtension);
        Assert.False(d.NonReference);
        Assert.True(d.StartOfPartition);
        Assert.Equal(0, d.PartitionIndex);
        Assert.True(d.HasPictureId);
        Assert.Equal(1, d.PictureIdLength);
        Assert.Equal(17, d.PictureId);
        Assert.False(d.HasTl0PicIdx);
        Assert.False(d.HasTemporalLayer);
        Assert.False(d.HasKeyIndex);
        Assert.Equal(3, d.Length);
        Assert.True(d.IsKeyFrame);
    }

    [Fact]
    public void Mediasoup_descriptor_with_temporal_layer_and_key_index()
    {
        Assert.True(Vp8PayloadDescriptor.TryParse(TemporalAndKeyIndex, out Vp8PayloadDescriptor d, out _));

        Assert.False(d.StartOfPartition);
        Assert.False(d.HasPictureId);
        Assert.True(d.HasTemporalLayer);
        Assert.Equal(3, d.TemporalLayer);
        Assert.True(d.LayerSync);
        Assert.True(d.HasKeyIndex);
        Assert.Equal(4, d.KeyIndex);
        Assert.Equal(3, d.Length);
        Assert.False(d.IsKeyFrame);
    }

    [Fact]
    public void All_optional_fields_with_a_seven_bit_picture_id()
    {
        Assert.True(Vp8PayloadDescriptor.TryParse(AllFieldsSevenBitPictureId, out Vp8PayloadDescriptor d, out _));

        Assert.Equal(1, d.PictureId);
        Assert.Equal(1, d.PictureIdLength);
        Assert.True(d.HasTl0PicIdx);
        Assert.Equal(1, d.Tl0PicIdx);
        Assert.Equal(3, d.TemporalLayer);
        Assert.True(d.LayerSync);
        Assert.False(d.HasKeyIndex);
        Assert.Equal(5, d.Length);
        Assert.False(d.IsKeyFrame);
    }

    [Fact]
    public void Fifteen_bit_picture_id()
    {
        Assert.True(Vp8PayloadDescriptor.TryParse(FifteenBitPictureId, out Vp8PayloadDescriptor d, out _));

        Assert.Equal(2, d.PictureIdLength);
        Assert.Equal(0x1234, d.PictureId);
        Assert.Equal(0x56, d.Tl0PicIdx);
        Assert.Equal(1, d.TemporalLayer);
        Assert.False(d.LayerSync);
        Assert.Equal(6, d.Length);
        Assert.True(d.IsKeyFrame);
    }

    [Fact]
    public void Picture_id_flag_without_room_for_it_is_truncated()
    {
        Assert.False(Vp8PayloadDescriptor.TryParse([0xd0, 0x80], out _, out CodecParseError error));
        Assert.Equal(CodecParseError.Truncated, error);
    }

    [Fact]
    public void Descriptor_without_the_extension_octet_is_accepted_unlike_mediasoup()
    {
        // X=0 R=1 N=0 S=1 PID=0, then the VP8 payload header 0x80 (P=0).
        Assert.True(Vp8PayloadDescriptor.TryParse([0x50, 0x80, 0x11], out Vp8PayloadDescriptor d, out _));

        Assert.False(d.HasExtension);
        Assert.False(d.HasPictureId);
        Assert.Equal(1, d.Length);
        Assert.True(d.IsKeyFrame);
    }

    [Theory]
    [InlineData(new byte[] { 0x90, 0x80, 0x01, 0x01 }, false)] // P bit set: inter frame
    [InlineData(new byte[] { 0x91, 0x80, 0x01, 0x00 }, false)] // PID=1: not the first partition
    [InlineData(new byte[] { 0x80, 0x80, 0x01, 0x00 }, false)] // S=0
    [InlineData(new byte[] { 0x90, 0x80, 0x01 }, false)] // no payload header
    [InlineData(new byte[] { 0x90, 0x80, 0x01, 0xb0 }, true)]
    public void Key_frame_needs_start_partition_zero_and_p_bit_clear(byte[] payload, bool keyFrame)
    {
        Assert.Equal(keyFrame, Vp8PayloadDescriptor.IsKeyFramePayload(payload));
    }

    public static TheoryData<byte[]> Vectors => new()
    {
        KeyFrameWithPictureId, TemporalAndKeyIndex, PictureIdAndTl0PicIdx, AllFieldsSevenBitPictureId, FifteenBitPictureId,
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Every_prefix_shorter_than_the_descriptor_is_truncated(byte[] vector)
    {
        Assert.True(Vp8PayloadDescriptor.TryParse(vector, out Vp8PayloadDescriptor full, out _));
        for (int n = 0; n < full.Length; n++)
        {
            Assert.False(Vp8PayloadDescriptor.TryParse(vector.AsSpan(0, n), out _, out CodecParseError error));
            Assert.Equal(CodecParseError.Truncated, error);
        }

        Assert.True(Vp8PayloadDescriptor.TryParse(vector.AsSpan(0, full.Length), out Vp8PayloadDescriptor exact, out _));
        Assert.False(exact.IsKeyFrame); // the payload header is cut off
        Assert.Equal(full.PictureId, exact.PictureId);
    }

    [Fact]
    public void Picture_id_and_tl0picidx_are_rewritten_in_place()
    {
        byte[] buffer = (byte[])PictureIdAndTl0PicIdx.Clone();

        Assert.True(Vp8PayloadDescriptor.TrySetPictureId(buffer, 20));
        Assert.True(Vp8PayloadDescriptor.TrySetTl0PicIdx(buffer, 1));

        Assert.True(Vp8PayloadDescriptor.TryParse(buffer, out Vp8PayloadDescriptor d, out _));
        Assert.Equal(20, d.PictureId);
        Assert.Equal(1, d.Tl0PicIdx);
        Assert.Equal(new byte[] { 0xd0, 0xc0, 0x14, 0x01 }, buffer);
    }

    [Fact]
    public void Fifteen_bit_picture_id_keeps_the_m_bit_when_rewritten()
    {
        byte[] buffer = (byte[])FifteenBitPictureId.Clone();

        Assert.True(Vp8PayloadDescriptor.TrySetPictureId(buffer, 0x7FFF));
        Assert.Equal(0xFF, buffer[2]);
        Assert.Equal(0xFF, buffer[3]);
        Assert.True(Vp8PayloadDescriptor.TrySetPictureId(buffer, 0x8001)); // wraps into 15 bits
        Assert.True(Vp8PayloadDescriptor.TryParse(buffer, out Vp8PayloadDescriptor d, out _));
        Assert.Equal(1, d.PictureId);
        Assert.Equal(2, d.PictureIdLength);
        Assert.Equal(0x56, d.Tl0PicIdx);
    }

    [Fact]
    public void Writers_refuse_descriptors_without_the_field()
    {
        byte[] buffer = (byte[])TemporalAndKeyIndex.Clone();

        Assert.False(Vp8PayloadDescriptor.TrySetPictureId(buffer, 5));
        Assert.False(Vp8PayloadDescriptor.TrySetTl0PicIdx(buffer, 5));
        Assert.Equal(TemporalAndKeyIndex, buffer);
    }

    [Fact]
    public void One_octet_picture_id_is_widened_to_two_octets()
    {
        byte[] buffer = new byte[16];
        byte[] payload = [0xd0, 0xc0, 0x11, 0x03, 0x00, 0xAA, 0xBB];
        payload.CopyTo(buffer, 0);

        Assert.True(Vp8PayloadDescriptor.TryWidenPictureId(buffer, payload.Length, out int newLength));

        Assert.Equal(payload.Length + 1, newLength);
        Assert.Equal(new byte[] { 0xd0, 0xc0, 0x80, 0x11, 0x03, 0x00, 0xAA, 0xBB }, buffer.AsSpan(0, newLength).ToArray());
        Assert.True(Vp8PayloadDescriptor.TryParse(buffer.AsSpan(0, newLength), out Vp8PayloadDescriptor d, out _));
        Assert.Equal(2, d.PictureIdLength);
        Assert.Equal(17, d.PictureId);
        Assert.Equal(3, d.Tl0PicIdx);
        Assert.True(d.IsKeyFrame);
    }

    [Fact]
    public void Widening_needs_a_spare_octet_and_leaves_two_octet_ids_alone()
    {
        byte[] exact = (byte[])KeyFrameWithPictureId.Clone();
        Assert.False(Vp8PayloadDescriptor.TryWidenPictureId(exact, exact.Length, out _));
        Assert.Equal(KeyFrameWithPictureId, exact);

        byte[] wide = (byte[])FifteenBitPictureId.Clone();
        Assert.True(Vp8PayloadDescriptor.TryWidenPictureId(wide, wide.Length, out int length));
        Assert.Equal(wide.Length, length);
        Assert.Equal(FifteenBitPictureId, wide);
    }
}
