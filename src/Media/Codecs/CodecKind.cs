namespace Sfu.Media.Codecs;

/// <summary>
/// What the media engine knows how to look into (mediasoup <c>Codecs::Tools</c>, CD1–CD7). Everything else is
/// forwarded as opaque bytes.
/// </summary>
public enum CodecKind : byte
{
    /// <summary>PCMU, PCMA, G722, iLBC, ISAC, SILK, CN, telephone-event and unknown codecs (CD7): never inspected.</summary>
    Opaque,

    /// <summary><c>audio/opus</c> (RFC 7587): DTX detection (CD6).</summary>
    Opus,

    /// <summary><c>audio/multiopus</c>: as Opus for DTX purposes (CD6).</summary>
    MultiOpus,

    /// <summary><c>video/VP8</c> (RFC 7741, CD1).</summary>
    Vp8,

    /// <summary><c>video/VP9</c> (RFC 9628, formerly draft-ietf-payload-vp9, CD2).</summary>
    Vp9,

    /// <summary><c>video/H264</c> (RFC 6184, CD3).</summary>
    H264,

    /// <summary><c>video/H264-SVC</c> (RFC 6190, CD4).</summary>
    H264Svc,

    /// <summary><c>video/H265</c>: pass-through only, no key-frame detection (CD5).</summary>
    H265,

    /// <summary><c>audio/rtx</c> or <c>video/rtx</c> (RFC 4588).</summary>
    Rtx,
}

/// <summary>Maps mime types to <see cref="CodecKind"/>.</summary>
public static class CodecKinds
{
    /// <summary>
    /// The kind for a mime type such as <c>"video/VP8"</c> (type and subtype compared case-insensitively, as
    /// mediasoup does). Unknown subtypes are <see cref="CodecKind.Opaque"/>.
    /// </summary>
    public static CodecKind FromMimeType(ReadOnlySpan<char> mimeType)
    {
        int slash = mimeType.IndexOf('/');
        if (slash < 0)
        {
            return CodecKind.Opaque;
        }

        ReadOnlySpan<char> type = mimeType.Slice(0, slash);
        ReadOnlySpan<char> subtype = mimeType.Slice(slash + 1);
        bool audio = type.Equals("audio", StringComparison.OrdinalIgnoreCase);
        bool video = type.Equals("video", StringComparison.OrdinalIgnoreCase);
        if (!audio && !video)
        {
            return CodecKind.Opaque;
        }

        if (subtype.Equals("rtx", StringComparison.OrdinalIgnoreCase))
        {
            return CodecKind.Rtx;
        }

        if (audio)
        {
            return subtype.Equals("opus", StringComparison.OrdinalIgnoreCase) ? CodecKind.Opus
                : subtype.Equals("multiopus", StringComparison.OrdinalIgnoreCase) ? CodecKind.MultiOpus
                : CodecKind.Opaque;
        }

        return subtype.Equals("VP8", StringComparison.OrdinalIgnoreCase) ? CodecKind.Vp8
            : subtype.Equals("VP9", StringComparison.OrdinalIgnoreCase) ? CodecKind.Vp9
            : subtype.Equals("H264", StringComparison.OrdinalIgnoreCase) ? CodecKind.H264
            : subtype.Equals("H264-SVC", StringComparison.OrdinalIgnoreCase) ? CodecKind.H264Svc
            : subtype.Equals("H265", StringComparison.OrdinalIgnoreCase) ? CodecKind.H265
            : CodecKind.Opaque;
    }

    /// <summary>True for the kinds whose key frames can be detected (VP8, VP9, H264, H264-SVC).</summary>
    public static bool CanDetectKeyFrames(this CodecKind kind) =>
        kind is CodecKind.Vp8 or CodecKind.Vp9 or CodecKind.H264 or CodecKind.H264Svc;
}

/// <summary>Why a payload descriptor could not be read.</summary>
public enum CodecParseError : byte
{
    /// <summary>No error.</summary>
    None,

    /// <summary>The payload ends inside the descriptor (or is empty).</summary>
    Truncated,

    /// <summary>A field has a value the format forbids.</summary>
    Invalid,
}
