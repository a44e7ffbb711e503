using System.Text;
using Sfu.Media.Rtcp;

namespace Sfu.Media.Tests.Rtcp;

/// <summary>A struct handler that records one line per callback (tests only: it allocates).</summary>
internal struct RecordingRtcpHandler : IRtcpHandler
{
    public RecordingRtcpHandler()
    {
    }

    public List<string> Events { get; } = [];

    public void OnSenderReport(in SenderReport report) =>
        Events.Add($"SR ssrc={report.SenderSsrc} rtp={report.RtpTimestamp} reports={report.ReportCount}");

    public void OnReceiverReport(in ReceiverReport report) =>
        Events.Add($"RR ssrc={report.SenderSsrc} reports={report.ReportCount}");

    public void OnSourceDescription(in SourceDescription sdes)
    {
        var text = new StringBuilder("SDES");
        foreach (SdesChunk chunk in sdes.Chunks)
        {
            text.Append($" {chunk.Ssrc}");
            foreach (SdesItem item in chunk.Items)
            {
                text.Append($" {item.Type}={Encoding.UTF8.GetString(item.Value)}");
            }
        }

        Events.Add(text.ToString());
    }

    public void OnGoodbye(in Goodbye bye) => Events.Add($"BYE count={bye.SsrcCount} reason={Encoding.UTF8.GetString(bye.Reason)}");

    public void OnApplicationDefined(in ApplicationDefined app) =>
        Events.Add($"APP subtype={app.Subtype} name={Encoding.ASCII.GetString(app.Name)} data={app.Data.Length}");

    public void OnExtendedReport(in ExtendedReport report)
    {
        var text = new StringBuilder($"XR ssrc={report.SenderSsrc}");
        if (report.TryGetReceiverReferenceTime(out var ntp))
        {
            text.Append($" rrt={ntp.Value:X16}");
        }

        foreach (DlrrSubBlock sub in report.DlrrSubBlocks)
        {
            text.Append($" dlrr={sub.Ssrc}/{sub.LastReceiverReport}/{sub.DelaySinceLastReceiverReport}");
        }

        Events.Add(text.ToString());
    }

    public void OnNack(in RtcpFeedbackPacket<GenericNackItem> nack)
    {
        var text = new StringBuilder($"NACK media={nack.MediaSsrc}");
        foreach (GenericNackItem item in nack)
        {
            text.Append($" {item.PacketId}/{item.LostPacketBitmask:X4}");
        }

        Events.Add(text.ToString());
    }

    public void OnTmmb(in RtcpFeedbackPacket<TmmbItem> tmmb) =>
        Events.Add(tmmb.Count == 0 ? $"TMMB fmt={tmmb.Format} empty" : $"TMMB fmt={tmmb.Format} bitrate={tmmb[0].Bitrate}");

    public void OnSrReq(in RtcpFeedback srReq) => Events.Add($"SRREQ media={srReq.MediaSsrc}");

    public void OnTllei(in RtcpFeedbackPacket<GenericNackItem> tllei) => Events.Add($"TLLEI {tllei[0].PacketId}/{tllei[0].LostPacketBitmask:X4}");

    public void OnEcn(in RtcpFeedbackPacket<EcnItem> ecn) => Events.Add($"ECN lost={ecn[0].LostPacketsCounter}");

    public void OnTransportWideCc(in TransportWideCcFeedback feedback) =>
        Events.Add($"TWCC base={feedback.BaseSequenceNumber} count={feedback.PacketStatusCount} received={feedback.ReceivedCount}");

    public void OnPli(in RtcpFeedback pli) => Events.Add($"PLI media={pli.MediaSsrc}");

    public void OnSli(in RtcpFeedbackPacket<SliItem> sli) => Events.Add($"SLI {sli[0]}");

    public void OnRpsi(in ReferencePictureSelectionIndication rpsi) => Events.Add($"RPSI pt={rpsi.PayloadType} bits={rpsi.BitLength}");

    public void OnFir(in RtcpFeedbackPacket<FirItem> fir) => Events.Add($"FIR ssrc={fir[0].Ssrc} seq={fir[0].SequenceNumber}");

    public void OnTst(in RtcpFeedbackPacket<TstItem> tst) => Events.Add($"TST fmt={tst.Format} index={tst[0].Index}");

    public void OnVbcm(in VideoBackChannelMessage vbcm)
    {
        var text = new StringBuilder("VBCM");
        foreach (VbcmItem item in vbcm.Items)
        {
            text.Append($" {item.Ssrc}/{item.SequenceNumber}/{item.PayloadType}/{Convert.ToHexString(item.Value)}");
        }

        Events.Add(text.ToString());
    }

    public void OnPslei(in RtcpFeedbackPacket<PsleiItem> pslei) => Events.Add($"PSLEI ssrc={pslei[0].Ssrc}");

    public void OnRemb(in ReceiverEstimatedMaximumBitrate remb) => Events.Add($"REMB bitrate={remb.Bitrate} ssrcs={remb.SsrcCount}");

    public void OnApplicationLayerFeedback(in RtcpFeedback afb) => Events.Add($"AFB fci={Convert.ToHexString(afb.Fci)}");

    public void OnUnknown(in RtcpHeader header, ReadOnlySpan<byte> packet) => Events.Add($"UNKNOWN pt={header.PacketType} fmt={header.Count} length={packet.Length}");

    public void OnMalformed(in RtcpHeader header, ReadOnlySpan<byte> packet, RtcpParseError error) =>
        Events.Add($"MALFORMED pt={header.PacketType} {error}");
}
