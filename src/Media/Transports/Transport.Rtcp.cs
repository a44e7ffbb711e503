using Sfu.Media.Rtcp;
using Sfu.Media.Streams;
using Sfu.Media.Time;

namespace Sfu.Media.Transports;

public abstract partial class Transport
{
    /// <summary>
    /// RT2: routes each packet of an incoming RTCP compound — SR and XR DLRR to the producer stream, report blocks,
    /// NACK and key frame requests to the consumer whose SSRC they name, XR RRT to the consumers. SDES, BYE and APP
    /// are only read; REMB and transport-cc feed bandwidth estimation (not in this build). A struct, so the walk
    /// allocates nothing.
    /// </summary>
    private struct RtcpReceiver(Transport transport, Instant now) : IRtcpHandler
    {
        /// <summary>At least one packet of the compound was understood.</summary>
        public bool AnyValid;

        public void OnSenderReport(in SenderReport report)
        {
            AnyValid = true;
            transport.GetProducerByMediaSsrc(report.SenderSsrc)?.ReceiveRtcpSenderReport(in report, now);
            foreach (var block in report.Reports)
            {
                OnReportBlock(block);
            }
        }

        public void OnReceiverReport(in ReceiverReport report)
        {
            AnyValid = true;
            foreach (var block in report.Reports)
            {
                OnReportBlock(block);
            }
        }

        private readonly void OnReportBlock(ReceptionReport block) =>
            transport.GetConsumerBySsrc(block.Ssrc)?.ReceiveRtcpReceiverReport(block, now);

        public void OnNack(in RtcpFeedbackPacket<GenericNackItem> nack)
        {
            AnyValid = true;
            transport.GetConsumerBySsrc(nack.MediaSsrc)?.ReceiveNack(in nack, now);
        }

        public void OnPli(in RtcpFeedback pli)
        {
            AnyValid = true;
            transport.GetConsumerBySsrc(pli.MediaSsrc)?.ReceiveKeyFrameRequest(KeyFrameRequestType.Pli, pli.MediaSsrc, now);
        }

        public void OnFir(in RtcpFeedbackPacket<FirItem> fir)
        {
            AnyValid = true;
            for (var i = 0; i < fir.Count; i++)
            {
                var ssrc = fir[i].Ssrc;
                transport.GetConsumerBySsrc(ssrc)?.ReceiveKeyFrameRequest(KeyFrameRequestType.Fir, ssrc, now);
            }
        }

        /// <summary>
        /// RT2: an RRT (from a consumer's receiver) goes to every consumer, which answers it with a DLRR; a DLRR (from
        /// a producer's sender, answering our RRT) gives the RTT of the producer stream its sub-block names — or, when
        /// the sub-block's SSRC is 0, of the stream of the XR's sender (as mediasoup).
        /// </summary>
        public void OnExtendedReport(in ExtendedReport report)
        {
            AnyValid = true;
            if (report.TryGetReceiverReferenceTime(out var rrt))
            {
                transport.ReceiveRtcpXrReceiverReferenceTime(rrt, now);
            }
            foreach (var block in report.DlrrSubBlocks)
            {
                var ssrc = block.Ssrc != 0 ? block.Ssrc : report.SenderSsrc;
                transport.GetProducerByMediaSsrc(ssrc)?.ReceiveRtcpXrDelaySinceLastRr(block with { Ssrc = ssrc }, now);
            }
        }

        public void OnSourceDescription(in SourceDescription sdes) => AnyValid = true;

        public void OnGoodbye(in Goodbye bye) => AnyValid = true;

        public void OnApplicationDefined(in ApplicationDefined app) => AnyValid = true;

        public void OnTmmb(in RtcpFeedbackPacket<TmmbItem> tmmb) => AnyValid = true;

        public void OnSrReq(in RtcpFeedback srReq) => AnyValid = true;

        public void OnTllei(in RtcpFeedbackPacket<GenericNackItem> tllei) => AnyValid = true;

        public void OnEcn(in RtcpFeedbackPacket<EcnItem> ecn) => AnyValid = true;

        public void OnTransportWideCc(in TransportWideCcFeedback feedback) => AnyValid = true;

        public void OnSli(in RtcpFeedbackPacket<SliItem> sli) => AnyValid = true;

        public void OnRpsi(in ReferencePictureSelectionIndication rpsi) => AnyValid = true;

        public void OnTst(in RtcpFeedbackPacket<TstItem> tst) => AnyValid = true;

        public void OnVbcm(in VideoBackChannelMessage vbcm) => AnyValid = true;

        public void OnPslei(in RtcpFeedbackPacket<PsleiItem> pslei) => AnyValid = true;

        public void OnRemb(in ReceiverEstimatedMaximumBitrate remb) => AnyValid = true;

        public void OnApplicationLayerFeedback(in RtcpFeedback afb) => AnyValid = true;

        public readonly void OnUnknown(in RtcpHeader header, ReadOnlySpan<byte> packet)
        {
        }

        public readonly void OnMalformed(in RtcpHeader header, ReadOnlySpan<byte> packet, RtcpParseError error)
        {
        }
    }
}
