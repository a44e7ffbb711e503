using Sfu.Media.Codecs;

namespace Sfu.Media.Tests.Codecs;

/// <summary>Opus TOC (RFC 6716 §3.1) and DTX detection as mediasoup's Opus.cpp (C15).</summary>
public class OpusPayloadTests
{
    [Theory]
    [InlineData(new byte[] { 0x78 }, true)] // config 15, code 0, TOC only
    [InlineData(new byte[] { 0x79 }, true)] // code 1, TOC only
    [InlineData(new byte[] { 0x7A, 0x00 }, true)] // code 2, both frames empty
    [InlineData(new byte[] { 0x78, 0x0B }, false)] // code 0 with a frame
    [InlineData(new byte[] { 0x7A, 0x01, 0xAA }, false)] // code 2 with data
    [InlineData(new byte[] { 0x7B, 0x01 }, false)] // code 3 is never DTX
    [InlineData(new byte[] { 0x7A }, false)] // one-octet code 2: invalid
    [InlineData(new byte[] { 0x7B }, false)] // one-octet code 3: invalid
    [InlineData(new byte[0], false)]
    public void Dtx_is_a_toc_only_packet_or_an_empty_code_two_pair(byte[] payload, bool dtx)
    {
        Assert.Equal(dtx, OpusPayload.IsDtx(payload));
    }

    [Fact]
    public void Toc_fields()
    {
        // config 31 (CELT FB 20 ms), stereo, code 1.
        Assert.True(OpusPayload.TryParseToc([0xFD, 0x00], out byte config, out bool stereo, out byte code, out _));
        Assert.Equal(31, config);
        Assert.True(stereo);
        Assert.Equal(1, code);
    }

    [Theory]
    [InlineData(new byte[0], CodecParseError.Truncated)]
    [InlineData(new byte[] { 0x02 }, CodecParseError.Invalid)]
    [InlineData(new byte[] { 0x03 }, CodecParseError.Invalid)]
    public void Invalid_tocs_are_refused(byte[] payload, CodecParseError expected)
    {
        Assert.False(OpusPayload.TryParseToc(payload, out _, out _, out _, out CodecParseError error));
        Assert.Equal(expected, error);
    }
}
