using FsCheck;
using FsCheck.Fluent;
using Sfu.Media.Rtcp;
using Sfu.Media.Tests.Rtp;

namespace Sfu.Media.Tests.Rtcp;

public class RtcpCompoundReaderTests
{
    [Fact]
    public void A_compound_packet_dispatches_each_packet_in_order()
    {
        byte[] compound = Concat(
            Rfc3550ReportVectors.SenderReport,
            Rfc3550ReportVectors.SourceDescriptionCname,
            Rfc4585FeedbackVectors.Nack,
            Rfc4585FeedbackVectors.Remb,
            Rfc3611ExtendedReportVectors.RrtAndDlrr,
            Rfc3550ReportVectors.Goodbye);
        var handler = new RecordingRtcpHandler();
        Assert.Equal(RtcpParseError.None, RtcpCompoundReader.Read(compound, ref handler));
        Assert.Equal(
            [
                "SR ssrc=1569920308 rtp=577280 reports=0",
                "SDES 2674255682 Cname=t7mkYnCm46OcINy/",
                "NACK media=53525998 2959/0003",
                "REMB bitrate=122754 ssrcs=2",
                "XR ssrc=2222 rrt=00A98AC70153158E dlrr=1234/11111111/22222222",
                "BYE count=2 reason=Hasta la vista",
            ],
            handler.Events);
    }

    [Fact]
    public void Every_known_type_reaches_its_own_callback()
    {
        byte[] compound = Concat(
            Rfc3550ReportVectors.ReceiverReport,
            Rfc3550ReportVectors.ApplicationDefined,
            Rfc5104CodecControlVectors.Tmmbr,
            Rfc6642Rfc6679Rfc6051FeedbackVectors.SrReq,
            Rfc6642Rfc6679Rfc6051FeedbackVectors.Tllei,
            Rfc6642Rfc6679Rfc6051FeedbackVectors.Ecn,
            DraftHolmerTransportWideCcVectors.MediasoupOneBitVector,
            Rfc4585FeedbackVectors.Pli,
            Rfc4585FeedbackVectors.Sli,
            Rfc4585FeedbackVectors.Rpsi,
            Rfc5104CodecControlVectors.Fir,
            Rfc5104CodecControlVectors.Tstn,
            Rfc5104CodecControlVectors.Vbcm,
            Rfc6642Rfc6679Rfc6051FeedbackVectors.Pslei,
            Rfc4585FeedbackVectors.Afb);
        var handler = new RecordingRtcpHandler();
        Assert.Equal(RtcpParseError.None, RtcpCompoundReader.Read(compound, ref handler));
        Assert.Equal(
            [
                "RR ssrc=1569920308 reports=1",
                "APP subtype=3 name=TEST data=4",
                "TMMB fmt=3 bitrate=365504",
                "SRREQ media=53525998",
                "TLLEI 1/AA55",
                "ECN lost=1",
                "TWCC base=39 count=13 received=10",
                "PLI media=47200002",
                "SLI SliItem { First = 1, Number = 4, PictureId = 1 }",
                "RPSI pt=2 bits=40",
                "FIR ssrc=47200002 seq=4",
                "TST fmt=6 index=1",
                "VBCM 47200002/8/2/01",
                "PSLEI ssrc=47200002",
                "AFB fci=00000001",
            ],
            handler.Events);
    }

    [Fact]
    public void Reduced_size_rtcp_may_start_with_feedback()
    {
        var handler = new RecordingRtcpHandler();
        Assert.Equal(RtcpParseError.None, RtcpCompoundReader.Read(Rfc4585FeedbackVectors.Pli, ref handler));
        Assert.Equal(["PLI media=47200002"], handler.Events);
    }

    [Fact]
    public void Unknown_types_and_formats_are_passed_on_raw()
    {
        byte[] unknownType = [0x80, 0xD0, 0x00, 0x01, 0x01, 0x02, 0x03, 0x04]; // PT 208
        byte[] unknownFormat = [0x8B, 0xCD, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 2]; // RTPFB FMT 11 (RFC 8888)
        var handler = new RecordingRtcpHandler();
        Assert.Equal(RtcpParseError.None, RtcpCompoundReader.Read(Concat(unknownType, unknownFormat), ref handler));
        Assert.Equal(["UNKNOWN pt=208 fmt=0 length=8", "UNKNOWN pt=205 fmt=11 length=12"], handler.Events);
    }

    [Fact]
    public void A_malformed_packet_is_reported_and_the_walk_goes_on()
    {
        byte[] badSdes = Rfc3550ReportVectors.SourceDescriptionWithoutTerminator;
        var handler = new RecordingRtcpHandler();
        RtcpParseError error = RtcpCompoundReader.Read(
            Concat(Rfc3550ReportVectors.ReceiverReport, badSdes, Rfc4585FeedbackVectors.Pli), ref handler);
        Assert.Equal(RtcpParseError.BadSourceDescription, error);
        Assert.Equal(
            ["RR ssrc=1569920308 reports=1", "MALFORMED pt=202 BadSourceDescription", "PLI media=47200002"],
            handler.Events);
    }

    [Theory]
    [InlineData(new byte[0], RtcpParseError.Truncated)]
    [InlineData(new byte[] { 0x81, 0xC9, 0x00 }, RtcpParseError.Truncated)]
    [InlineData(new byte[] { 0x41, 0xC9, 0x00, 0x00 }, RtcpParseError.BadVersion)]
    [InlineData(new byte[] { 0x81, 0xC9, 0x00, 0x07, 0, 0, 0, 0 }, RtcpParseError.BadLength)] // lying length
    [InlineData(new byte[] { 0xA0, 0xC9, 0x00, 0x01, 0, 0, 0, 0 }, RtcpParseError.BadPadding)] // padding count 0
    [InlineData(new byte[] { 0xA0, 0xC9, 0x00, 0x01, 0, 0, 0, 5 }, RtcpParseError.BadPadding)] // padding beyond body
    public void Structural_errors_are_returned_before_any_callback(byte[] data, RtcpParseError expected)
    {
        var handler = new RecordingRtcpHandler();
        Assert.Equal(expected, RtcpCompoundReader.Read(data, ref handler));
        Assert.Empty(handler.Events);
    }

    [Fact]
    public void A_lying_length_in_the_second_packet_stops_everything()
    {
        byte[] second = Rfc4585FeedbackVectors.Pli;
        second[3] = 9;
        var handler = new RecordingRtcpHandler();
        Assert.Equal(RtcpParseError.BadLength, RtcpCompoundReader.Read(Concat(Rfc3550ReportVectors.SenderReport, second), ref handler));
        Assert.Empty(handler.Events);
    }

    [Fact]
    public void Every_prefix_of_a_compound_packet_is_refused()
    {
        byte[] compound = Concat(Rfc3550ReportVectors.SenderReport, Rfc3550ReportVectors.SourceDescriptionCname, Rfc4585FeedbackVectors.Remb);
        int[] boundaries = [28, 56];
        for (int n = 0; n < compound.Length; n++)
        {
            var handler = new RecordingRtcpHandler();
            RtcpParseError error = RtcpCompoundReader.Read(compound.AsSpan(0, n).ToArray(), ref handler);
            if (boundaries.Contains(n))
            {
                Assert.Equal(RtcpParseError.None, error); // a shorter compound packet of whole packets
            }
            else
            {
                Assert.NotEqual(RtcpParseError.None, error);
                Assert.Empty(handler.Events);
            }
        }
    }

    [Fact]
    public void Random_compound_packets_never_throw()
    {
        // Real packet headers of every type with random bodies, glued together.
        Gen<byte[]> packet =
            from type in Gen.Elements<byte>(200, 201, 202, 203, 204, 205, 206, 207, 208)
            from format in Gen.Elements(0, 1, 2, 3, 4, 5, 6, 7, 8, 15)
            from words in Gen.Choose(0, 12)
            from body in RtpGenerators.Bytes(words * 4, words * 4)
            select Concat([(byte)(0x80 | format), type, 0, (byte)words], body);
        Gen<byte[]> compound = from packets in Gen.ArrayOf(packet)
                               from cut in Gen.Choose(0, 2)
                               let all = Concat(packets)
                               select all.AsSpan(0, Math.Max(0, all.Length - cut)).ToArray();
        Prop.ForAll(compound.ToArbitrary(), data =>
        {
            var handler = new RecordingRtcpHandler();
            RtcpCompoundReader.Read(data, ref handler);
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(2000));

        Prop.ForAll(RtpGenerators.Bytes(0, 200).ToArbitrary(), data =>
        {
            var handler = new RecordingRtcpHandler();
            RtcpCompoundReader.Read(data, ref handler);
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(2000));
    }

    internal static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
