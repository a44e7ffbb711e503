using Sfu.Media.Codecs;

namespace Sfu.Media.Tests.Codecs;

/// <summary>VP9 payload descriptors (RFC 9628 §4.2, formerly draft-ietf-payload-vp9).</summary>
public class Vp9PayloadDescriptorTests
{
    /// <summary>
    /// mediasoup TestVP9.cpp's packet: I=1 P=0 L=1 F=0 B=1 E=1 V=0 Z=1 (0xAD) | M=1 PictureID=0x7FFF |
    /// TID=0 U=1 SID=0 D=0 | TL0PICIDX=0 | payload.
    /// </summary>
    internal static readonly byte[] NonFlexibleKeyFrame = [0xAD, 0xFF, 0xFF, 0x10, 0x00, 0x00];

    /// <summary>
    /// I=1 P=1 L=1 F=1 B=1 (0xF8) | M=1 PictureID=5 | TID=1 U=1 SID=2 D=1 (0x35) | P_DIFF=1 N=1 | P_DIFF=2 N=0 | payload.
    /// </summary>
    internal static readonly byte[] FlexibleWithTwoReferences = [0xF8, 0x80, 0x05, 0x35, 0x03, 0x04, 0x99];

    /// <summary>
    /// I=1 B=1 V=1 (0x8A) | M=0 PictureID=1 | N_S=2 Y=1 G=1 (0x58) | 320x180 640x360 1280x720 | N_G=1 |
    /// TID=0 U=0 R=1 (0x04) | P_DIFF=1 | payload.
    /// </summary>
    internal static readonly byte[] ScalabilityStructure =
    [
        0x8A, 0x01, 0x58,
        0x01, 0x40, 0x00, 0xB4, 0x02, 0x80, 0x01, 0x68, 0x05, 0x00, 0x02, 0xD0,
        0x01, 0x04, 0x01,
        0x77,
    ];

    [Fact]
    public void Mediasoup_non_flexible_descriptor()
    {
        Assert.True(Vp9PayloadDescriptor.TryParse(NonFlexibleKeyFrame, out Vp9PayloadDescriptor d, out CodecParseError error));

        Assert.Equal(CodecParseError.None, error);
        Assert.True(d.HasPictureId);
        Assert.False(d.InterPicturePredicted);
        Assert.True(d.HasLayerIndices);
        Assert.False(d.FlexibleMode);
        Assert.True(d.StartOfFrame);
        Assert.True(d.EndOfFrame);
        Assert.False(d.HasScalabilityStructure);
        Assert.True(d.NotReferencedByUpperSpatialLayers);
        Assert.Equal(0x7FFF, d.PictureId);
        Assert.Equal(2, d.PictureIdLength);
        Assert.Equal(0, d.TemporalLayer);
        Assert.True(d.SwitchingUpPoint);
        Assert.Equal(0, d.SpatialLayer);
        Assert.False(d.InterLayerDependency);
        Assert.True(d.HasTl0PicIdx);
        Assert.Equal(0, d.Tl0PicIdx);
        Assert.Equal(5, d.Length);
        Assert.True(d.IsKeyFrame);
    }

    [Fact]
    public void Flexible_mode_reads_layers_and_reference_indices_without_tl0picidx()
    {
        Assert.True(Vp9PayloadDescriptor.TryParse(FlexibleWithTwoReferences, out Vp9PayloadDescriptor d, out _));

        Assert.True(d.FlexibleMode);
        Assert.True(d.InterPicturePredicted);
        Assert.Equal(5, d.PictureId);
        Assert.Equal(1, d.TemporalLayer);
        Assert.True(d.SwitchingUpPoint);
        Assert.Equal(2, d.SpatialLayer);
        Assert.True(d.InterLayerDependency);
        Assert.False(d.HasTl0PicIdx);
        Assert.Equal(2, d.ReferenceCount);
        Assert.Equal(6, d.Length);
        Assert.False(d.IsKeyFrame);
    }

    [Fact]
    public void Scalability_structure_is_skipped_to_the_frame_data()
    {
        Assert.True(Vp9PayloadDescriptor.TryParse(ScalabilityStructure, out Vp9PayloadDescriptor d, out _));

        Assert.True(d.HasScalabilityStructure);
        Assert.Equal(3, d.ScalabilitySpatialLayers);
        Assert.Equal(1, d.PictureGroupCount);
        Assert.Equal(1, d.PictureId);
        Assert.Equal(ScalabilityStructure.Length - 1, d.Length);
        Assert.True(d.IsKeyFrame);
    }

    [Fact]
    public void More_than_three_reference_indices_are_invalid()
    {
        byte[] payload = [0xD8, 0x01, 0x03, 0x05, 0x07, 0x08];

        Assert.False(Vp9PayloadDescriptor.TryParse(payload, out _, out CodecParseError error));
        Assert.Equal(CodecParseError.Invalid, error);
    }

    [Theory]
    [InlineData(new byte[] { 0x08 }, true)] // P=0 B=1, no layer indices: SID 0
    [InlineData(new byte[] { 0x48 }, false)] // P=1
    [InlineData(new byte[] { 0x00 }, false)] // B=0
    [InlineData(new byte[] { 0x28, 0x02, 0x00 }, false)] // SID=1
    public void Key_frame_is_not_predicted_start_of_frame_base_spatial_layer(byte[] payload, bool keyFrame)
    {
        Assert.Equal(keyFrame, Vp9PayloadDescriptor.IsKeyFramePayload(payload));
    }

    public static TheoryData<byte[]> Vectors => new() { NonFlexibleKeyFrame, FlexibleWithTwoReferences, ScalabilityStructure };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Every_prefix_shorter_than_the_descriptor_is_truncated(byte[] vector)
    {
        Assert.True(Vp9PayloadDescriptor.TryParse(vector, out Vp9PayloadDescriptor full, out _));
        for (int n = 0; n < full.Length; n++)
        {
            Assert.False(Vp9PayloadDescriptor.TryParse(vector.AsSpan(0, n), out _, out CodecParseError error));
            Assert.Equal(CodecParseError.Truncated, error);
        }

        Assert.True(Vp9PayloadDescriptor.TryParse(vector.AsSpan(0, full.Length), out _, out _));
    }
}
