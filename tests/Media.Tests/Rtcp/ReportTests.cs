using System.Text;
using Sfu.Media.Rtcp;
using Sfu.Media.Time;

namespace Sfu.Media.Tests.Rtcp;

public class ReportTests
{
    [Fact]
    public void Sender_report_fields_are_read()
    {
        Assert.True(SenderReport.TryParse(Rfc3550ReportVectors.SenderReport, out SenderReport sr, out _));
        Assert.Equal(0x5D931534u, sr.SenderSsrc);
        Assert.Equal(3711615412u, sr.NtpTimestamp.Seconds);
        Assert.Equal(1985245553u, sr.NtpTimestamp.Fraction);
        Assert.Equal(577280u, sr.RtpTimestamp);
        Assert.Equal(3608u, sr.PacketCount);
        Assert.Equal(577280u, sr.OctetCount);
        Assert.Equal(0, sr.ReportCount);
        Assert.True(sr.ProfileExtensions.IsEmpty);
    }

    [Fact]
    public void Sender_report_is_written_byte_for_byte()
    {
        byte[] written = RtcpAssert.Write(
            (Span<byte> d, out int w) =>
                new SenderReportWriter(0x5D931534, new NtpTime(3711615412, 1985245553), 577280, 3608, 577280, [])
                    .TryWrite(d, out w),
            28);
        Assert.Equal(Rfc3550ReportVectors.SenderReport, written);
    }

    [Fact]
    public void Sender_report_with_three_blocks_round_trips()
    {
        ReceptionReport[] reports =
        [
            new(1, 1, 1, 1, 1, 1, 1),
            new(2, 255, -8388608, 0x0001FFFF, 2, 2, 2),
            new(3, 3, 8388607, 3, 3, 3, 3),
        ];
        byte[] data = RtcpAssert.Write(
            (Span<byte> d, out int w) => new SenderReportWriter(7, new NtpTime(1, 2), 3, 4, 5, reports).TryWrite(d, out w),
            28 + 3 * 24);
        Assert.True(SenderReport.TryParse(data, out SenderReport sr, out _));
        Assert.Equal(3, sr.ReportCount);
        var read = new List<ReceptionReport>();
        foreach (ReceptionReport r in sr.Reports)
        {
            read.Add(r);
        }

        Assert.Equal(reports, read);
        Assert.Equal(reports[1], sr.GetReport(1));
    }

    [Fact]
    public void Receiver_report_fields_are_read_and_written_byte_for_byte()
    {
        Assert.True(ReceiverReport.TryParse(Rfc3550ReportVectors.ReceiverReport, out ReceiverReport rr, out _));
        Assert.Equal(0x5D931534u, rr.SenderSsrc);
        Assert.Equal(1, rr.ReportCount);
        ReceptionReport block = rr.GetReport(0);
        Assert.Equal(new ReceptionReport(0x01932DB4, 0, 1, 0, 0, 0, 5), block);

        byte[] written = RtcpAssert.Write(
            (Span<byte> d, out int w) => new ReceiverReportWriter(0x5D931534, [block]).TryWrite(d, out w), 32);
        Assert.Equal(Rfc3550ReportVectors.ReceiverReport, written);
    }

    [Fact]
    public void A_report_count_larger_than_the_packet_is_a_bad_length()
    {
        byte[] data = Rfc3550ReportVectors.ReceiverReport;
        data[0] = 0x82; // RC=2 but one block
        Assert.False(ReceiverReport.TryParse(data, out _, out RtcpParseError error));
        Assert.Equal(RtcpParseError.BadLength, error);

        byte[] header = [0x80, 0xC8, 0x00, 0x00]; // SR with no sender info (mediasoup's "header only" packet)
        Assert.False(SenderReport.TryParse(header, out _, out error));
        Assert.Equal(RtcpParseError.BadLength, error);
    }

    [Fact]
    public void A_report_of_another_type_is_refused()
    {
        Assert.False(SenderReport.TryParse(Rfc3550ReportVectors.ReceiverReport, out _, out RtcpParseError error));
        Assert.Equal(RtcpParseError.WrongPacketType, error);
    }

    [Fact]
    public void Thirty_two_report_blocks_do_not_fit_one_packet()
    {
        var reports = new ReceptionReport[32];
        Assert.False(new ReceiverReportWriter(1, reports).TryWrite(new byte[2000], out _));
    }

    [Fact]
    public void Every_prefix_of_a_report_fails()
    {
        RtcpAssert.EveryPrefixFails(Rfc3550ReportVectors.SenderReport, (ReadOnlySpan<byte> d, out RtcpParseError e) => SenderReport.TryParse(d, out _, out e));
        RtcpAssert.EveryPrefixFails(Rfc3550ReportVectors.ReceiverReport, (ReadOnlySpan<byte> d, out RtcpParseError e) => ReceiverReport.TryParse(d, out _, out e));
    }

    [Fact]
    public void Random_reports_never_throw()
    {
        RtcpAssert.RandomBytesNeverThrow(200, 1, (ReadOnlySpan<byte> d, out RtcpParseError e) => Touch(d, out e, sr: true));
        RtcpAssert.RandomBytesNeverThrow(201, 2, (ReadOnlySpan<byte> d, out RtcpParseError e) => Touch(d, out e, sr: false));
    }

    [Fact]
    public void Source_description_with_one_cname_is_read_and_written_byte_for_byte()
    {
        Assert.True(SourceDescription.TryParse(Rfc3550ReportVectors.SourceDescriptionCname, out SourceDescription sdes, out _));
        Assert.Equal(["9f65e742: Cname=t7mkYnCm46OcINy/ (24)"], Describe(sdes));

        byte[] written = RtcpAssert.Write(
            (Span<byte> d, out int w) =>
                new SourceDescriptionWriter([new SdesEntry(0x9F65E742, SdesItemType.Cname, "t7mkYnCm46OcINy/"u8.ToArray())])
                    .TryWrite(d, out w),
            28);
        Assert.Equal(Rfc3550ReportVectors.SourceDescriptionCname, written);
    }

    [Fact]
    public void Source_description_with_two_chunks_and_padding_is_read()
    {
        Assert.True(SourceDescription.TryParse(Rfc3550ReportVectors.SourceDescriptionTwoChunksPadded, out SourceDescription sdes, out _));
        Assert.Equal(2, sdes.ChunkCount);
        Assert.Equal(
            ["000004d2: Cname=qwerty Tool=iñaki (24)", "0000162e: Location=somewhere œæ€ (24)"],
            Describe(sdes));
    }

    [Fact]
    public void Source_description_location_is_read_and_written_byte_for_byte()
    {
        Assert.True(SourceDescription.TryParse(Rfc3550ReportVectors.SourceDescriptionLocation, out SourceDescription sdes, out _));
        Assert.Equal(["11223344: Location=ab (12)"], Describe(sdes));
        byte[] written = RtcpAssert.Write(
            (Span<byte> d, out int w) =>
                new SourceDescriptionWriter([new SdesEntry(0x11223344, SdesItemType.Location, "ab"u8.ToArray())]).TryWrite(d, out w),
            16);
        Assert.Equal(Rfc3550ReportVectors.SourceDescriptionLocation, written);
    }

    [Fact]
    public void Source_description_without_a_terminating_null_octet_is_refused()
    {
        Assert.False(SourceDescription.TryParse(Rfc3550ReportVectors.SourceDescriptionWithoutTerminator, out _, out RtcpParseError error));
        Assert.Equal(RtcpParseError.BadSourceDescription, error);
    }

    [Fact]
    public void Source_description_writer_groups_consecutive_entries_of_one_ssrc_into_a_chunk()
    {
        SdesEntry[] entries =
        [
            new(1234, SdesItemType.Cname, "qwerty"u8.ToArray()),
            new(1234, SdesItemType.Tool, Encoding.UTF8.GetBytes("iñaki")),
            new(5678, SdesItemType.Location, Encoding.UTF8.GetBytes("somewhere œæ€")),
        ];
        byte[] expected = Rfc3550ReportVectors.SourceDescriptionTwoChunksPadded.AsSpan(0, 52).ToArray();
        expected[0] = 0x82; // no RTCP padding
        expected[3] = 0x0C;
        byte[] written = RtcpAssert.Write((Span<byte> d, out int w) => new SourceDescriptionWriter(entries).TryWrite(d, out w), 52);
        Assert.Equal(expected, written);
    }

    [Fact]
    public void Source_description_with_32_chunks_is_refused()
    {
        SdesEntry[] entries = Enumerable.Range(0, 32).Select(i => new SdesEntry((uint)i, SdesItemType.Cname, "x"u8.ToArray())).ToArray();
        Assert.False(new SourceDescriptionWriter(entries).TryWrite(new byte[1000], out _));
        Assert.True(new SourceDescriptionWriter(entries.AsSpan(0, 31)).TryWrite(new byte[1000], out _));
    }

    [Fact]
    public void Every_prefix_of_a_source_description_fails()
    {
        RtcpParser parse = (ReadOnlySpan<byte> d, out RtcpParseError e) => SourceDescription.TryParse(d, out _, out e);
        RtcpAssert.EveryPrefixFails(Rfc3550ReportVectors.SourceDescriptionCname, parse);
        RtcpAssert.EveryPrefixFails(Rfc3550ReportVectors.SourceDescriptionTwoChunksPadded, parse);
        RtcpAssert.RandomBytesNeverThrow(202, 2, (ReadOnlySpan<byte> d, out RtcpParseError e) =>
        {
            if (!SourceDescription.TryParse(d, out SourceDescription sdes, out e))
            {
                return false;
            }

            _ = Describe(sdes);
            return true;
        });
    }

    [Fact]
    public void Goodbye_is_read_and_written_byte_for_byte()
    {
        Assert.True(Goodbye.TryParse(Rfc3550ReportVectors.Goodbye, out Goodbye bye, out _));
        Assert.Equal(2, bye.SsrcCount);
        Assert.Equal(0x624276E0u, bye.GetSsrc(0));
        Assert.Equal(0x2624670Eu, bye.GetSsrc(1));
        Assert.True(bye.HasReason);
        Assert.Equal("Hasta la vista", Encoding.ASCII.GetString(bye.Reason));

        byte[] written = RtcpAssert.Write(
            (Span<byte> d, out int w) => new GoodbyeWriter([0x624276E0, 0x2624670E], "Hasta la vista"u8).TryWrite(d, out w), 28);
        Assert.Equal(Rfc3550ReportVectors.Goodbye, written);
    }

    [Fact]
    public void Goodbye_without_reason_and_with_a_lying_reason_length()
    {
        byte[] plain = RtcpAssert.Write((Span<byte> d, out int w) => new GoodbyeWriter([7], default).TryWrite(d, out w), 8);
        Assert.True(Goodbye.TryParse(plain, out Goodbye bye, out _));
        Assert.False(bye.HasReason);
        Assert.True(bye.Reason.IsEmpty);

        byte[] lying = Rfc3550ReportVectors.Goodbye;
        lying[12] = 16; // reason length runs past the packet
        Assert.False(Goodbye.TryParse(lying, out _, out RtcpParseError error));
        Assert.Equal(RtcpParseError.BadGoodbye, error);
    }

    [Fact]
    public void Every_prefix_of_a_goodbye_fails()
    {
        RtcpAssert.EveryPrefixFails(Rfc3550ReportVectors.Goodbye, (ReadOnlySpan<byte> d, out RtcpParseError e) => Goodbye.TryParse(d, out _, out e));
        RtcpAssert.RandomBytesNeverThrow(203, 3, (ReadOnlySpan<byte> d, out RtcpParseError e) =>
        {
            if (!Goodbye.TryParse(d, out Goodbye bye, out e))
            {
                return false;
            }

            for (int i = 0; i < bye.SsrcCount; i++)
            {
                bye.GetSsrc(i);
            }

            return bye.Reason.Length >= 0;
        });
    }

    [Fact]
    public void Application_defined_is_read_and_written_byte_for_byte()
    {
        Assert.True(ApplicationDefined.TryParse(Rfc3550ReportVectors.ApplicationDefined, out ApplicationDefined app, out _));
        Assert.Equal(3, app.Subtype);
        Assert.Equal(12345u, app.Ssrc);
        Assert.Equal("TEST"u8.ToArray(), app.Name.ToArray());
        Assert.Equal(new byte[] { 0xDE, 0xAD, 0xBE, 0xEF }, app.Data.ToArray());

        byte[] written = RtcpAssert.Write(
            (Span<byte> d, out int w) => new ApplicationDefinedWriter(3, 12345, "TEST"u8, [0xDE, 0xAD, 0xBE, 0xEF]).TryWrite(d, out w), 16);
        Assert.Equal(Rfc3550ReportVectors.ApplicationDefined, written);
        Assert.False(new ApplicationDefinedWriter(3, 1, "TES"u8, default).TryWrite(new byte[64], out _));
        Assert.False(new ApplicationDefinedWriter(3, 1, "TEST"u8, [1, 2]).TryWrite(new byte[64], out _));
    }

    [Fact]
    public void Every_prefix_of_an_application_defined_packet_fails()
    {
        RtcpAssert.EveryPrefixFails(Rfc3550ReportVectors.ApplicationDefined, (ReadOnlySpan<byte> d, out RtcpParseError e) => ApplicationDefined.TryParse(d, out _, out e));
        RtcpAssert.RandomBytesNeverThrow(204, 0, (ReadOnlySpan<byte> d, out RtcpParseError e) =>
            ApplicationDefined.TryParse(d, out ApplicationDefined app, out e) && app.Data.Length >= 0);
    }

    internal static string[] Describe(SourceDescription sdes)
    {
        var list = new List<string>();
        foreach (SdesChunk chunk in sdes.Chunks)
        {
            var text = new StringBuilder($"{chunk.Ssrc:x8}:");
            foreach (SdesItem item in chunk.Items)
            {
                text.Append($" {item.Type}={Encoding.UTF8.GetString(item.Value)}");
            }

            text.Append($" ({chunk.Length})");
            list.Add(text.ToString());
        }

        return list.ToArray();
    }

    private static bool Touch(ReadOnlySpan<byte> data, out RtcpParseError error, bool sr)
    {
        if (sr)
        {
            if (!SenderReport.TryParse(data, out SenderReport report, out error))
            {
                return false;
            }

            foreach (ReceptionReport r in report.Reports)
            {
                _ = r.Jitter;
            }

            return report.ProfileExtensions.Length >= 0;
        }

        if (!ReceiverReport.TryParse(data, out ReceiverReport rr, out error))
        {
            return false;
        }

        foreach (ReceptionReport r in rr.Reports)
        {
            _ = r.Jitter;
        }

        return rr.ProfileExtensions.Length >= 0;
    }
}
