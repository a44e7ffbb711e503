using Sfu.Media.Rtcp;
using Sfu.Media.Rtp;
using Sfu.Media.Rtp.Extensions;
using Sfu.Media.Streams;
using Sfu.Media.Tests.Rtcp;
using Sfu.Media.Time;
using Sfu.Tests.Shared;

namespace Sfu.Media.Tests.Rtp;

/// <summary>style.md §6.3 rule 1: the per-packet path allocates nothing in steady state.</summary>
public class ZeroAllocationTests
{
    [Fact]
    public void Ten_thousand_packets_through_parse_rewrite_and_rtcp_allocate_nothing()
    {
        byte[] source = Rfc8285HeaderExtensionVectors.OneByteForm;
        byte[] rtp = new byte[source.Length];
        byte[] destination = new byte[1500];
        byte[] rtcpOut = new byte[1500];
        byte[] compound = RtcpCompoundReaderTests.Concat(
            Rfc3550ReportVectors.SenderReport,
            Rfc3550ReportVectors.SourceDescriptionCname,
            Rfc4585FeedbackVectors.Nack,
            Rfc4585FeedbackVectors.Remb,
            Rfc3611ExtendedReportVectors.RrtAndDlrr,
            DraftHolmerTransportWideCcVectors.MediasoupOneBitVector,
            Rfc5104CodecControlVectors.Fir);
        var map = new RtpHeaderExtensionIdMap { [1] = 1, [2] = 4, [3] = 200 };
        var seqManager = new SeqManager<ushort>();
        var unwrapper = new SeqUnwrapper();
        var feedback = new TransportWideCcFeedbackBuilder();
        var reports = new ReceptionReport[] { new(1, 2, 3, 4, 5, 6, 7) };
        var nackItems = new GenericNackItem[4];
        var lost = new ushort[] { 10, 11, 30 };
        var rembSsrcs = new uint[] { 3 };
        var handler = new CountingRtcpHandler();

        Run(); // warm up: JIT, static initialisers, the SeqManager's drop bitset
        int checksum = 0;
        var (allocated, batches) = SteadyStateAllocation.Measure(() => checksum = Run());

        Assert.Equal(0, allocated);
        Assert.True(checksum > 0);
        Assert.Equal((1 + batches) * 10_000 * 7, handler.Packets);

        int Run()
        {
            int sum = 0;
            feedback.Reset(1, 2, 0);
            for (int i = 0; i < 10_000; i++)
            {
                source.CopyTo(rtp, 0);
                if (!RtpPacketView.TryParse(rtp, out RtpPacketView packet, out _))
                {
                    return -1;
                }

                ushort seq = (ushort)(packet.SequenceNumber + i);
                if (i % 3 == 0)
                {
                    seqManager.Drop(seq);
                }
                else if (seqManager.Input(seq, out ushort output))
                {
                    packet.SequenceNumber = output;
                }

                packet.Timestamp += 3000;
                packet.Ssrc = 0xDEADBEEF;
                packet.TryGetExtension(2, out ReadOnlySpan<byte> value);
                sum += value.Length + (int)(unwrapper.Unwrap(seq) & 1);
                if (!RtpHeaderExtensionRewriter.TryRewrite(packet, map.AsSpan(), destination, out int written)
                    || !RtpPacketView.TryParse(destination.AsSpan(0, written), out RtpPacketView rewritten, out _))
                {
                    return -1;
                }

                if (rewritten.TryGetWritableExtension(4, out Span<byte> abs) && abs.Length >= 3)
                {
                    AbsSendTimeExtension.TryWrite(abs, AbsSendTimeExtension.FromMicroseconds(i * 1000L));
                }

                foreach (RtpExtensionElement e in rewritten.Extensions)
                {
                    sum += e.Id;
                }

                RtcpCompoundReader.Read(compound, ref handler);

                if (feedback.TryAdd((ushort)i, i * 1000L) != TransportWideCcAddResult.Added || i % 100 == 99)
                {
                    feedback.TryWrite(rtcpOut, out int n);
                    sum += n;
                    feedback.Reset(1, 2, (byte)i);
                }

                if (i % 50 == 0)
                {
                    new ReceiverReportWriter(1, reports).TryWrite(rtcpOut, out int rr);
                    int count = GenericNackItem.Pack(lost, nackItems);
                    RtcpFeedbackWriter.Nack(1, 2, nackItems.AsSpan(0, count)).TryWrite(rtcpOut.AsSpan(rr), out int nack);
                    new ReceiverEstimatedMaximumBitrateWriter(1, 1_000_000, rembSsrcs).TryWrite(rtcpOut.AsSpan(rr + nack), out _);
                    sum += rr + nack;
                }
            }

            return sum;
        }
    }

    private struct CountingRtcpHandler : IRtcpHandler
    {
        public int Packets;
        public long Sum;

        public void OnSenderReport(in SenderReport report)
        {
            Packets++;
            Sum += report.RtpTimestamp;
        }

        public void OnReceiverReport(in ReceiverReport report) => Packets++;

        public void OnSourceDescription(in SourceDescription sdes)
        {
            Packets++;
            foreach (SdesChunk chunk in sdes.Chunks)
            {
                if (chunk.TryGetItem(SdesItemType.Cname, out ReadOnlySpan<byte> cname))
                {
                    Sum += cname.Length;
                }
            }
        }

        public void OnGoodbye(in Goodbye bye) => Packets++;

        public void OnApplicationDefined(in ApplicationDefined app) => Packets++;

        public void OnExtendedReport(in ExtendedReport report)
        {
            Packets++;
            foreach (DlrrSubBlock sub in report.DlrrSubBlocks)
            {
                Sum += sub.DelaySinceLastReceiverReport;
            }
        }

        public void OnNack(in RtcpFeedbackPacket<GenericNackItem> nack)
        {
            Packets++;
            foreach (GenericNackItem item in nack)
            {
                Sum += item.LostPacketCount;
            }
        }

        public void OnTmmb(in RtcpFeedbackPacket<TmmbItem> tmmb) => Packets++;

        public void OnSrReq(in RtcpFeedback srReq) => Packets++;

        public void OnTllei(in RtcpFeedbackPacket<GenericNackItem> tllei) => Packets++;

        public void OnEcn(in RtcpFeedbackPacket<EcnItem> ecn) => Packets++;

        public void OnTransportWideCc(in TransportWideCcFeedback feedback)
        {
            Packets++;
            foreach (TransportWideCcPacketStatus status in feedback.Packets)
            {
                Sum += status.Delta;
            }
        }

        public void OnPli(in RtcpFeedback pli) => Packets++;

        public void OnSli(in RtcpFeedbackPacket<SliItem> sli) => Packets++;

        public void OnRpsi(in ReferencePictureSelectionIndication rpsi) => Packets++;

        public void OnFir(in RtcpFeedbackPacket<FirItem> fir)
        {
            Packets++;
            Sum += fir[0].SequenceNumber;
        }

        public void OnTst(in RtcpFeedbackPacket<TstItem> tst) => Packets++;

        public void OnVbcm(in VideoBackChannelMessage vbcm) => Packets++;

        public void OnPslei(in RtcpFeedbackPacket<PsleiItem> pslei) => Packets++;

        public void OnRemb(in ReceiverEstimatedMaximumBitrate remb)
        {
            Packets++;
            Sum += (long)remb.Bitrate;
        }

        public void OnApplicationLayerFeedback(in RtcpFeedback afb) => Packets++;

        public void OnUnknown(in RtcpHeader header, ReadOnlySpan<byte> packet) => Packets++;

        public void OnMalformed(in RtcpHeader header, ReadOnlySpan<byte> packet, RtcpParseError error) => Packets++;
    }
}
