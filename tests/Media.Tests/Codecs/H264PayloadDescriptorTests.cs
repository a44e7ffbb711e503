using Sfu.Media.Codecs;

namespace Sfu.Media.Tests.Codecs;

/// <summary>
/// H264 key frames and layers (RFC 6184 §5, RFC 6190 §1.1.3), with mediasoup's rule: an SPS starts a key frame.
/// </summary>
public class H264PayloadDescriptorTests
{
    /// <summary>Single NAL unit: F=0 NRI=3 type=7 (SPS) | profile 0x42 …</summary>
    internal static readonly byte[] Sps = [0x67, 0x42, 0xc0, 0x1f];

    /// <summary>mediasoup TestH264.cpp: type 7 with NRI 0.</summary>
    internal static readonly byte[] MediasoupVector = [0x07, 0x80, 0x11, 0x00];

    /// <summary>STAP-A (type 24) | size 4, SPS | size 2, PPS | size 3, IDR slice.</summary>
    internal static readonly byte[] StapAKeyFrame =
        [0x78, 0x00, 0x04, 0x67, 0x42, 0xc0, 0x1f, 0x00, 0x02, 0x68, 0xce, 0x00, 0x03, 0x65, 0x88, 0x84];

    /// <summary>STAP-A | size 2, PPS | size 2, non-IDR slice.</summary>
    internal static readonly byte[] StapAWithoutSps = [0x78, 0x00, 0x02, 0x68, 0xce, 0x00, 0x02, 0x41, 0x9a];

    /// <summary>FU-A (type 28, NRI 3) | S=1 E=0 type=7 | fragment.</summary>
    internal static readonly byte[] FuAStartOfSps = [0x7c, 0x87, 0x42, 0xc0];

    [Theory]
    [InlineData(new byte[] { 0x67, 0x42, 0xc0, 0x1f }, true)]
    [InlineData(new byte[] { 0x07, 0x80, 0x11, 0x00 }, true)]
    [InlineData(new byte[] { 0x65, 0x88, 0x84 }, false)] // IDR alone: no parameter sets
    [InlineData(new byte[] { 0x41, 0x9a, 0x00 }, false)] // non-IDR slice
    [InlineData(new byte[] { 0x78, 0x00, 0x04, 0x67, 0x42, 0xc0, 0x1f, 0x00, 0x02, 0x68, 0xce, 0x00, 0x03, 0x65, 0x88, 0x84 }, true)]
    [InlineData(new byte[] { 0x78, 0x00, 0x02, 0x68, 0xce, 0x00, 0x02, 0x41, 0x9a }, false)]
    [InlineData(new byte[] { 0x7c, 0x87, 0x42, 0xc0 }, true)] // FU-A, S=1, SPS
    [InlineData(new byte[] { 0x7c, 0x07, 0x42, 0xc0 }, false)] // FU-A, S=0
    [InlineData(new byte[] { 0x7c, 0x85, 0x88, 0x84 }, false)] // FU-A, S=1, IDR
    [InlineData(new byte[] { 0x7d, 0x87, 0x00, 0x01, 0x42 }, true)] // FU-B, S=1, SPS
    public void Key_frame_is_an_sps_in_a_single_nal_stap_a_or_first_fragment(byte[] payload, bool keyFrame)
    {
        Assert.True(H264PayloadDescriptor.TryParse(payload, default, out H264PayloadDescriptor d, out _));
        Assert.Equal(keyFrame, d.IsKeyFrame);
        Assert.Equal(keyFrame, H264PayloadDescriptor.IsKeyFramePayload(payload));
    }

    [Fact]
    public void Nal_unit_type_of_the_packet_is_reported()
    {
        Assert.True(H264PayloadDescriptor.TryParse(StapAKeyFrame, default, out H264PayloadDescriptor d, out _));
        Assert.Equal(H264PayloadDescriptor.StapANalUnitType, d.NalUnitType);
        Assert.True(H264PayloadDescriptor.TryParse(MediasoupVector, default, out d, out _));
        Assert.Equal(H264PayloadDescriptor.SpsNalUnitType, d.NalUnitType);
    }

    [Fact]
    public void Payloads_shorter_than_two_octets_are_truncated()
    {
        Assert.False(H264PayloadDescriptor.TryParse([], default, out _, out CodecParseError error));
        Assert.Equal(CodecParseError.Truncated, error);
        Assert.False(H264PayloadDescriptor.TryParse([0x67], default, out _, out error));
        Assert.Equal(CodecParseError.Truncated, error);
    }

    [Fact]
    public void Stap_a_unit_size_past_the_end_still_sees_the_nal_header_without_overreading()
    {
        Assert.True(H264PayloadDescriptor.TryParse([0x78, 0x00, 0xFF, 0x67], default, out H264PayloadDescriptor d, out _));
        Assert.True(d.IsKeyFrame);
        Assert.True(H264PayloadDescriptor.TryParse([0x78, 0x00, 0xFF, 0x41], default, out d, out _));
        Assert.False(d.IsKeyFrame);
    }

    [Fact]
    public void Temporal_layer_comes_from_the_scalable_frame_marking()
    {
        // Frame marking: S=1 E=0 I=0 D=0 B=0 TID=2 | LID=0.
        byte[] marking = [0x82, 0x00];

        Assert.True(H264PayloadDescriptor.TryParse([0x41, 0x9a], marking, out H264PayloadDescriptor d, out _));

        Assert.True(d.HasFrameMarking);
        Assert.True(d.HasLayers);
        Assert.Equal(2, d.TemporalLayer);
        Assert.Equal(0, d.SpatialLayer);
        Assert.False(d.IsKeyFrame); // frame marking's S/I bits are not trusted for key frames
    }

    [Fact]
    public void Short_frame_marking_carries_no_layers()
    {
        Assert.True(H264PayloadDescriptor.TryParse([0x41, 0x9a], [0xA0], out H264PayloadDescriptor d, out _));
        Assert.True(d.HasFrameMarking);
        Assert.False(d.HasLayers);
        Assert.Equal(0, d.TemporalLayer);
    }

    [Fact]
    public void Svc_coded_slice_extension_gives_spatial_and_temporal_layers_and_the_idr_flag()
    {
        // Type 20 | R=1 I=1 PRID=0 | N=0 DID=2 QID=0 | TID=2 U=0 D=0 O=1 RR=3 | slice …
        byte[] payload = [0x74, 0xC0, 0x20, 0x43, 0x88];

        Assert.True(H264PayloadDescriptor.TryParseSvc(payload, default, out H264PayloadDescriptor d, out _));

        Assert.True(d.HasLayers);
        Assert.Equal(2, d.SpatialLayer);
        Assert.Equal(2, d.TemporalLayer);
        Assert.True(d.IsKeyFrame);

        // Plain H264 does not read the SVC extension.
        Assert.True(H264PayloadDescriptor.TryParse(payload, default, out d, out _));
        Assert.False(d.HasLayers);
        Assert.False(d.IsKeyFrame);
    }

    [Fact]
    public void Svc_prefix_without_idr_flag_in_a_stap_a_is_not_a_key_frame()
    {
        // STAP-A | size 4: type 14, R=1 I=0, DID=1, TID=1 | size 2: non-IDR slice.
        byte[] payload = [0x78, 0x00, 0x04, 0x6E, 0x80, 0x10, 0x20, 0x00, 0x02, 0x41, 0x9a];

        Assert.True(H264PayloadDescriptor.TryParseSvc(payload, default, out H264PayloadDescriptor d, out _));

        Assert.False(d.IsKeyFrame);
        Assert.Equal(1, d.SpatialLayer);
        Assert.Equal(1, d.TemporalLayer);
    }

    [Fact]
    public void Svc_treats_an_idr_slice_as_a_key_frame()
    {
        Assert.True(H264PayloadDescriptor.TryParseSvc([0x65, 0x88, 0x84], default, out H264PayloadDescriptor d, out _));
        Assert.True(d.IsKeyFrame);
    }

    public static TheoryData<byte[]> Vectors => new() { Sps, MediasoupVector, StapAKeyFrame, StapAWithoutSps, FuAStartOfSps };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Every_prefix_parses_or_is_truncated_without_throwing(byte[] vector)
    {
        for (int n = 0; n <= vector.Length; n++)
        {
            bool parsed = H264PayloadDescriptor.TryParse(vector.AsSpan(0, n), default, out _, out CodecParseError error);
            Assert.Equal(n >= 2, parsed);
            Assert.Equal(n >= 2 ? CodecParseError.None : CodecParseError.Truncated, error);
            H264PayloadDescriptor.TryParseSvc(vector.AsSpan(0, n), [0x82, 0x00], out _, out _);
        }
    }
}
