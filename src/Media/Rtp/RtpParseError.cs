namespace Sfu.Media.Rtp;

/// <summary>Why <see cref="RtpPacketView.TryParse"/> rejected a datagram (RFC 3550 §5.1 and Appendix A.1 checks).</summary>
public enum RtpParseError : byte
{
    /// <summary>The packet is valid.</summary>
    None = 0,

    /// <summary>Shorter than the 12-byte fixed header, or than the CSRC list or extension header it announces.</summary>
    Truncated,

    /// <summary>The version field is not 2.</summary>
    BadVersion,

    /// <summary>The header extension's length field runs past the end of the packet (RFC 3550 §5.3.1).</summary>
    BadExtensionLength,

    /// <summary>The P bit is set but the last octet is 0 or counts more octets than follow the header (RFC 3550 §5.1).</summary>
    BadPadding,
}

/// <summary>The form of an RTP header extension block (RFC 8285 §4).</summary>
public enum RtpExtensionForm : byte
{
    /// <summary>No header extension (X bit clear).</summary>
    None = 0,

    /// <summary>One-byte header form, profile 0xBEDE, ids 1–14, values 1–16 bytes (RFC 8285 §4.2).</summary>
    OneByte,

    /// <summary>Two-byte header form, profile 0x100X, ids 1–255, values 0–255 bytes (RFC 8285 §4.3).</summary>
    TwoByte,

    /// <summary>An extension block with another profile (RFC 3550 §5.3.1); its elements are opaque.</summary>
    Other,
}
