namespace Sfu.Media.Codecs;

/// <summary>
/// The Opus TOC octet (RFC 6716 §3.1) and DTX detection for <c>ignoreDtx</c> (C15, CD6).
/// <code>
///  0 1 2 3 4 5 6 7
/// +-+-+-+-+-+-+-+-+
/// | config  |s| c |
/// +-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
/// <remarks>
/// A DTX packet carries no audio: code 0 or 1 with the TOC octet only (1 octet), or code 2 whose two frames are both
/// empty (2 octets, RFC 6716 §3.2.3). A code 3 packet is never DTX. One-octet code 2 and code 3 packets are invalid
/// (RFC 6716 §3.4, R4/R6).
/// </remarks>
public static class OpusPayload
{
    /// <summary>Reads the TOC octet.</summary>
    /// <param name="payload">The RTP payload.</param>
    /// <param name="config">Configuration number (0–31: mode, bandwidth and frame size).</param>
    /// <param name="stereo">The s bit.</param>
    /// <param name="frameCountCode">The c field (0–3).</param>
    /// <param name="error"><see cref="CodecParseError.Truncated"/> for an empty payload, <see cref="CodecParseError.Invalid"/>
    /// for a one-octet code 2 or code 3 packet.</param>
    public static bool TryParseToc(ReadOnlySpan<byte> payload, out byte config, out bool stereo, out byte frameCountCode,
        out CodecParseError error)
    {
        config = 0;
        stereo = false;
        frameCountCode = 0;
        if (payload.IsEmpty)
        {
            error = CodecParseError.Truncated;
            return false;
        }

        byte toc = payload[0];
        config = (byte)(toc >> 3);
        stereo = (toc & 0x04) != 0;
        frameCountCode = (byte)(toc & 0x03);
        if (frameCountCode >= 2 && payload.Length == 1)
        {
            error = CodecParseError.Invalid;
            return false;
        }

        error = CodecParseError.None;
        return true;
    }

    /// <summary>True when the payload is an Opus DTX packet (see the type remarks).</summary>
    public static bool IsDtx(ReadOnlySpan<byte> payload)
    {
        if (!TryParseToc(payload, out _, out _, out byte code, out _))
        {
            return false;
        }

        return code switch
        {
            0 or 1 => payload.Length == 1,
            2 => payload.Length == 2,
            _ => false,
        };
    }
}
