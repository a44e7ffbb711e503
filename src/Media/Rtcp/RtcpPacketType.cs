namespace Sfu.Media.Rtcp;

/// <summary>RTCP packet types (RFC 3550 §12.1, RFC 4585 §6.1, RFC 3611 §2).</summary>
public enum RtcpPacketType : byte
{
    /// <summary>SR, sender report (RFC 3550 §6.4.1).</summary>
    SenderReport = 200,

    /// <summary>RR, receiver report (RFC 3550 §6.4.2).</summary>
    ReceiverReport = 201,

    /// <summary>SDES, source description (RFC 3550 §6.5).</summary>
    SourceDescription = 202,

    /// <summary>BYE, goodbye (RFC 3550 §6.6).</summary>
    Goodbye = 203,

    /// <summary>APP, application-defined (RFC 3550 §6.7).</summary>
    ApplicationDefined = 204,

    /// <summary>RTPFB, transport layer feedback (RFC 4585 §6.2).</summary>
    TransportLayerFeedback = 205,

    /// <summary>PSFB, payload-specific feedback (RFC 4585 §6.3).</summary>
    PayloadSpecificFeedback = 206,

    /// <summary>XR, extended report (RFC 3611 §2).</summary>
    ExtendedReport = 207,
}

/// <summary>FMT values of transport layer feedback, PT 205.</summary>
public enum TransportLayerFeedbackFormat : byte
{
    /// <summary>Generic NACK (RFC 4585 §6.2.1).</summary>
    Nack = 1,

    /// <summary>Temporary maximum media stream bit rate request (RFC 5104 §4.2.1).</summary>
    Tmmbr = 3,

    /// <summary>Temporary maximum media stream bit rate notification (RFC 5104 §4.2.2).</summary>
    Tmmbn = 4,

    /// <summary>RTCP rapid resynchronisation request, SR-REQ (RFC 6051 §3.3).</summary>
    SrReq = 5,

    /// <summary>Transport-layer third-party loss early indication (RFC 6642 §5.1).</summary>
    Tllei = 7,

    /// <summary>ECN feedback (RFC 6679 §6.2).</summary>
    Ecn = 8,

    /// <summary>Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1).</summary>
    TransportWideCc = 15,
}

/// <summary>FMT values of payload-specific feedback, PT 206.</summary>
public enum PayloadSpecificFeedbackFormat : byte
{
    /// <summary>Picture loss indication (RFC 4585 §6.3.1).</summary>
    Pli = 1,

    /// <summary>Slice loss indication (RFC 4585 §6.3.2).</summary>
    Sli = 2,

    /// <summary>Reference picture selection indication (RFC 4585 §6.3.3).</summary>
    Rpsi = 3,

    /// <summary>Full intra request (RFC 5104 §4.3.1).</summary>
    Fir = 4,

    /// <summary>Temporal-spatial trade-off request (RFC 5104 §4.3.2).</summary>
    Tstr = 5,

    /// <summary>Temporal-spatial trade-off notification (RFC 5104 §4.3.3).</summary>
    Tstn = 6,

    /// <summary>Video back channel message (RFC 5104 §4.3.4).</summary>
    Vbcm = 7,

    /// <summary>Payload-specific third-party loss early indication (RFC 6642 §5.2).</summary>
    Pslei = 8,

    /// <summary>Application layer feedback (RFC 4585 §6.4), e.g. REMB.</summary>
    Afb = 15,
}

/// <summary>Why an RTCP packet or compound packet was rejected.</summary>
public enum RtcpParseError : byte
{
    /// <summary>Valid.</summary>
    None = 0,

    /// <summary>The buffer ends before the 4-byte common header or before the length the header announces.</summary>
    Truncated,

    /// <summary>The version field is not 2.</summary>
    BadVersion,

    /// <summary>The length field runs past the end of the compound packet, or is too small for the packet's contents.</summary>
    BadLength,

    /// <summary>The P bit is set but the last octet is 0 or counts more than the packet body.</summary>
    BadPadding,

    /// <summary>The packet type (or feedback format) is not the one the parser was asked for.</summary>
    WrongPacketType,

    /// <summary>An SDES chunk or item runs past the packet, or a chunk lacks its terminating null octet.</summary>
    BadSourceDescription,

    /// <summary>A BYE reason runs past the packet.</summary>
    BadGoodbye,

    /// <summary>An XR block runs past the packet, or an RRT/DLRR block has the wrong length.</summary>
    BadExtendedReportBlock,

    /// <summary>A feedback control information entry is malformed (bad length, or a value that does not fit).</summary>
    BadFeedbackItem,

    /// <summary>A REMB message is malformed (SSRC list runs past the packet, bitrate overflows).</summary>
    BadRemb,

    /// <summary>A transport-cc feedback is malformed (chunks or deltas run past the packet, reserved symbol).</summary>
    BadTransportCcFeedback,
}
