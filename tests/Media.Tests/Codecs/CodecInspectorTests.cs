using FsCheck;
using FsCheck.Fluent;
using Sfu.Media.Codecs;
using Sfu.Media.Tests.Rtp;

namespace Sfu.Media.Tests.Codecs;

public class CodecInspectorTests
{
    [Theory]
    [InlineData("video/VP8", CodecKind.Vp8)]
    [InlineData("video/vp8", CodecKind.Vp8)]
    [InlineData("VIDEO/Vp9", CodecKind.Vp9)]
    [InlineData("video/H264", CodecKind.H264)]
    [InlineData("video/h264-svc", CodecKind.H264Svc)]
    [InlineData("video/H265", CodecKind.H265)]
    [InlineData("audio/opus", CodecKind.Opus)]
    [InlineData("audio/multiopus", CodecKind.MultiOpus)]
    [InlineData("video/rtx", CodecKind.Rtx)]
    [InlineData("audio/rtx", CodecKind.Rtx)]
    [InlineData("audio/PCMU", CodecKind.Opaque)]
    [InlineData("audio/telephone-event", CodecKind.Opaque)]
    [InlineData("audio/VP8", CodecKind.Opaque)]
    [InlineData("video/opus", CodecKind.Opaque)]
    [InlineData("VP8", CodecKind.Opaque)]
    [InlineData("", CodecKind.Opaque)]
    public void Mime_types_map_to_codec_kinds_case_insensitively(string mimeType, CodecKind kind)
    {
        Assert.Equal(kind, CodecKinds.FromMimeType(mimeType));
    }

    [Fact]
    public void Only_vp8_vp9_and_h264_detect_key_frames()
    {
        Assert.True(CodecKind.Vp8.CanDetectKeyFrames());
        Assert.True(CodecKind.H264Svc.CanDetectKeyFrames());
        Assert.False(CodecKind.H265.CanDetectKeyFrames());
        Assert.False(CodecKind.Opus.CanDetectKeyFrames());
    }

    [Fact]
    public void Dispatch_reaches_each_codec()
    {
        Assert.True(CodecInspector.IsKeyFrame(CodecKind.Vp8, Vp8PayloadDescriptorTests.KeyFrameWithPictureId));
        Assert.True(CodecInspector.IsKeyFrame(CodecKind.Vp9, Vp9PayloadDescriptorTests.NonFlexibleKeyFrame));
        Assert.True(CodecInspector.IsKeyFrame(CodecKind.H264, H264PayloadDescriptorTests.StapAKeyFrame));
        Assert.False(CodecInspector.IsKeyFrame(CodecKind.H265, H264PayloadDescriptorTests.StapAKeyFrame));
        Assert.False(CodecInspector.IsKeyFrame(CodecKind.Opaque, Vp8PayloadDescriptorTests.KeyFrameWithPictureId));
        Assert.True(CodecInspector.IsDtx(CodecKind.Opus, [0x78]));
        Assert.False(CodecInspector.IsDtx(CodecKind.Opaque, [0x78]));

        CodecPayloadInfo opus = CodecInspector.Inspect(CodecKind.MultiOpus, [0x78]);
        Assert.True(opus.Parsed);
        Assert.True(opus.IsDtx);
    }

    [Fact]
    public void Layers_come_from_the_descriptor_or_frame_marking()
    {
        Assert.True(CodecInspector.TryGetLayers(CodecKind.Vp8, Vp8PayloadDescriptorTests.TemporalAndKeyIndex, default,
            out byte s, out byte t));
        Assert.Equal((0, 3), (s, t));

        Assert.True(CodecInspector.TryGetLayers(CodecKind.Vp9, Vp9PayloadDescriptorTests.FlexibleWithTwoReferences, default,
            out s, out t));
        Assert.Equal((2, 1), (s, t));

        Assert.True(CodecInspector.TryGetLayers(CodecKind.H264, [0x41, 0x9a], [0x81, 0x00], out s, out t));
        Assert.Equal((0, 1), (s, t));

        Assert.False(CodecInspector.TryGetLayers(CodecKind.Vp8, Vp8PayloadDescriptorTests.KeyFrameWithPictureId, default,
            out _, out _));
        Assert.False(CodecInspector.TryGetLayers(CodecKind.Opus, [0x78], default, out _, out _));

        CodecPayloadInfo info = CodecInspector.Inspect(CodecKind.Vp9, Vp9PayloadDescriptorTests.FlexibleWithTwoReferences);
        Assert.Equal(new CodecPayloadInfo(true, false, 2, 1, false), info);
    }

    [Fact]
    public void Random_payloads_never_throw_for_any_codec()
    {
        CodecKind[] kinds = Enum.GetValues<CodecKind>();
        Prop.ForAll(RtpGenerators.Bytes(0, 40).ToArbitrary(), RtpGenerators.Bytes(0, 4).ToArbitrary(), (payload, marking) =>
        {
            foreach (CodecKind kind in kinds)
            {
                CodecInspector.Inspect(kind, payload, marking);
                CodecInspector.TryGetLayers(kind, payload, marking, out _, out _);
                CodecInspector.IsDtx(kind, payload);
            }

            byte[] room = new byte[payload.Length + 1];
            payload.CopyTo(room, 0);
            Vp8PayloadDescriptor.TryWidenPictureId(room, payload.Length, out _);
            Vp8PayloadDescriptor.TrySetPictureId(room, 0x1234);
            Vp8PayloadDescriptor.TrySetTl0PicIdx(room, 7);
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3000));
    }
}
