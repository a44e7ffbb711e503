using FsCheck;
using FsCheck.Fluent;
using Sfu.Media.Rtcp;
using Sfu.Media.Tests.Rtp;
using Sfu.Media.Time;

namespace Sfu.Media.Tests.Rtcp;

/// <summary>Parse(Write(x)) == x for every RTCP type, on generated values.</summary>
public class RtcpRoundTripTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(300);

    private static Gen<uint> U32 => ArbMap.Default.GeneratorFor<uint>();

    private static Gen<ushort> U16 => ArbMap.Default.GeneratorFor<ushort>();

    private static Gen<byte> U8 => ArbMap.Default.GeneratorFor<byte>();

    private static Gen<ReceptionReport> Reports =>
        from ssrc in U32
        from fraction in U8
        from lost in Gen.Choose(-(1 << 23), (1 << 23) - 1)
        from highest in U32
        from jitter in U32
        from lsr in U32
        from dlsr in U32
        select new ReceptionReport(ssrc, fraction, lost, highest, jitter, lsr, dlsr);

    [Fact]
    public void Sender_reports_round_trip()
    {
        Gen<(uint, ulong, uint, uint, uint, ReceptionReport[])> gen =
            from ssrc in U32
            from ntp in ArbMap.Default.GeneratorFor<ulong>()
            from rtp in U32
            from packets in U32
            from octets in U32
            from n in Gen.Choose(0, 31)
            from reports in Gen.ArrayOf(Reports, n)
            select (ssrc, ntp, rtp, packets, octets, reports);
        Prop.ForAll(gen.ToArbitrary(), x =>
        {
            var writer = new SenderReportWriter(x.Item1, new NtpTime(x.Item2), x.Item3, x.Item4, x.Item5, x.Item6);
            var buffer = new byte[writer.GetSerializedLength() + 16];
            Assert.True(writer.TryWrite(buffer, out int written));
            byte[] data = Checked(buffer, written, writer.GetSerializedLength());
            Assert.True(SenderReport.TryParse(data, out SenderReport sr, out _));
            Assert.Equal((x.Item1, x.Item2, x.Item3, x.Item4, x.Item5), (sr.SenderSsrc, sr.NtpTimestamp.Value, sr.RtpTimestamp, sr.PacketCount, sr.OctetCount));
            Assert.Equal(x.Item6, ToList(sr.Reports));
        }).Check(Runs);
    }

    [Fact]
    public void Receiver_reports_round_trip()
    {
        Gen<(uint, ReceptionReport[])> gen =
            from ssrc in U32
            from n in Gen.Choose(0, 31)
            from reports in Gen.ArrayOf(Reports, n)
            select (ssrc, reports);
        Prop.ForAll(gen.ToArbitrary(), x =>
        {
            var writer = new ReceiverReportWriter(x.Item1, x.Item2);
            var buffer = new byte[writer.GetSerializedLength() + 16];
            Assert.True(writer.TryWrite(buffer, out int written));
            byte[] data = Checked(buffer, written, writer.GetSerializedLength());
            Assert.True(ReceiverReport.TryParse(data, out ReceiverReport rr, out _));
            Assert.Equal(x.Item1, rr.SenderSsrc);
            Assert.Equal(x.Item2, ToList(rr.Reports));
        }).Check(Runs);
    }

    [Fact]
    public void Source_descriptions_round_trip()
    {
        Gen<SdesEntry> entry =
            from ssrc in Gen.Choose(1, 4)
            from type in Gen.Choose(1, 8)
            from value in RtpGenerators.Bytes(0, 255)
            select new SdesEntry((uint)ssrc, (SdesItemType)type, value);
        Gen<SdesEntry[]> entries = from n in Gen.Choose(0, 20)
                                   from list in Gen.ArrayOf(entry, n)
                                   select list;
        Prop.ForAll(entries.ToArbitrary(), list =>
        {
            var writer = new SourceDescriptionWriter(list);
            var buffer = new byte[writer.GetSerializedLength() + 16];
            Assert.True(writer.TryWrite(buffer, out int written));
            byte[] data = Checked(buffer, written, writer.GetSerializedLength());
            Assert.True(SourceDescription.TryParse(data, out SourceDescription sdes, out RtcpParseError error), error.ToString());
            var read = new List<string>();
            foreach (SdesChunk chunk in sdes.Chunks)
            {
                foreach (SdesItem item in chunk.Items)
                {
                    read.Add($"{chunk.Ssrc}/{item.Type}/{Convert.ToHexString(item.Value)}");
                }
            }

            Assert.Equal(list.Select(e => $"{e.Ssrc}/{e.Type}/{Convert.ToHexString(e.Value.Span)}"), read);
        }).Check(Runs);
    }

    [Fact]
    public void Goodbyes_and_application_packets_round_trip()
    {
        Gen<(uint[], byte[])> bye = from n in Gen.Choose(0, 31)
                                    from ssrcs in Gen.ArrayOf(U32, n)
                                    from reason in RtpGenerators.Bytes(0, 255)
                                    select (ssrcs, reason);
        Prop.ForAll(bye.ToArbitrary(), x =>
        {
            var writer = new GoodbyeWriter(x.Item1, x.Item2);
            var buffer = new byte[writer.GetSerializedLength() + 16];
            Assert.True(writer.TryWrite(buffer, out int written));
            byte[] data = Checked(buffer, written, writer.GetSerializedLength());
            Assert.True(Goodbye.TryParse(data, out Goodbye parsed, out _));
            Assert.Equal(x.Item1, Enumerable.Range(0, x.Item1.Length).Select(i => ReadSsrc(data, i)).ToArray());
            Assert.Equal(x.Item2, parsed.Reason.ToArray());
        }).Check(Runs);

        Gen<(int, uint, byte[], byte[])> app = from subtype in Gen.Choose(0, 31)
                                               from ssrc in U32
                                               from name in RtpGenerators.Bytes(4, 4)
                                               from words in Gen.Choose(0, 20)
                                               from payload in RtpGenerators.Bytes(words * 4, words * 4)
                                               select (subtype, ssrc, name, payload);
        Prop.ForAll(app.ToArbitrary(), x =>
        {
            var writer = new ApplicationDefinedWriter(x.Item1, x.Item2, x.Item3, x.Item4);
            var buffer = new byte[writer.GetSerializedLength() + 16];
            Assert.True(writer.TryWrite(buffer, out int written));
            byte[] data = Checked(buffer, written, writer.GetSerializedLength());
            Assert.True(ApplicationDefined.TryParse(data, out ApplicationDefined parsed, out _));
            Assert.Equal((x.Item1, x.Item2), (parsed.Subtype, parsed.Ssrc));
            Assert.Equal(x.Item3, parsed.Name.ToArray());
            Assert.Equal(x.Item4, parsed.Data.ToArray());
        }).Check(Runs);
    }

    [Fact]
    public void Extended_reports_round_trip()
    {
        Gen<DlrrSubBlock> sub = from a in U32 from b in U32 from c in U32 select new DlrrSubBlock(a, b, c);
        Gen<(uint, ulong?, DlrrSubBlock[])> gen =
            from ssrc in U32
            from hasRrt in ArbMap.Default.GeneratorFor<bool>()
            from ntp in ArbMap.Default.GeneratorFor<ulong>()
            from n in Gen.Choose(0, 10)
            from subs in Gen.ArrayOf(sub, n)
            select (ssrc, hasRrt ? ntp : (ulong?)null, subs);
        Prop.ForAll(gen.ToArbitrary(), x =>
        {
            var writer = new ExtendedReportWriter(x.Item1, x.Item2 is ulong v ? new NtpTime(v) : null, x.Item3);
            var buffer = new byte[writer.GetSerializedLength() + 16];
            Assert.True(writer.TryWrite(buffer, out int written));
            byte[] data = Checked(buffer, written, writer.GetSerializedLength());
            Assert.True(ExtendedReport.TryParse(data, out ExtendedReport xr, out _));
            Assert.Equal(x.Item1, xr.SenderSsrc);
            Assert.Equal(x.Item2, xr.TryGetReceiverReferenceTime(out NtpTime ntp) ? ntp.Value : null);
            var subs = new List<DlrrSubBlock>();
            foreach (DlrrSubBlock s in xr.DlrrSubBlocks)
            {
                subs.Add(s);
            }

            Assert.Equal(x.Item3, subs);
        }).Check(Runs);
    }

    [Fact]
    public void Fixed_size_feedback_items_round_trip()
    {
        const RtcpPacketType rtpfb = RtcpPacketType.TransportLayerFeedback;
        const RtcpPacketType psfb = RtcpPacketType.PayloadSpecificFeedback;
        RoundTripItems(rtpfb, 1, from a in U16 from b in U16 select new GenericNackItem(a, b));
        RoundTripItems(rtpfb, 7, from a in U16 from b in U16 select new GenericNackItem(a, b));
        RoundTripItems(rtpfb, 3, from s in U32 from m in Gen.Choose(0, 0x1FFFF) from e in Gen.Choose(0, 46) from o in Gen.Choose(0, 511)
                                 select new TmmbItem(s, (ulong)m << e, (ushort)o));
        RoundTripItems(rtpfb, 4, from s in U32 from m in Gen.Choose(0, 0x1FFFF) from e in Gen.Choose(0, 46) from o in Gen.Choose(0, 511)
                                 select new TmmbItem(s, (ulong)m << e, (ushort)o));
        RoundTripItems(rtpfb, 8, from a in U32 from b in U32 from c in U32 from d in U16 from e in U16 from f in U16 from g in U16
                                 select new EcnItem(a, b, c, d, e, f, g));
        RoundTripItems(psfb, 2, from f in Gen.Choose(0, 0x1FFF) from n in Gen.Choose(0, 0x1FFF) from p in Gen.Choose(0, 63)
                                select new SliItem((ushort)f, (ushort)n, (byte)p));
        RoundTripItems(psfb, 4, from s in U32 from q in U8 select new FirItem(s, q));
        RoundTripItems(psfb, 5, from s in U32 from q in U8 from i in Gen.Choose(0, 31) select new TstItem(s, q, (byte)i));
        RoundTripItems(psfb, 6, from s in U32 from q in U8 from i in Gen.Choose(0, 31) select new TstItem(s, q, (byte)i));
        RoundTripItems(psfb, 8, from s in U32 select new PsleiItem(s));
    }

    [Fact]
    public void Pli_sr_req_rpsi_vbcm_and_remb_round_trip()
    {
        Prop.ForAll((from a in U32 from b in U32 select (a, b)).ToArbitrary(), x =>
        {
            byte[] pli = Write(12, (Span<byte> d, out int w) => RtcpFeedbackWriter.Pli(x.a, x.b).TryWrite(d, out w));
            Assert.True(RtcpFeedback.TryParse(pli, RtcpPacketType.PayloadSpecificFeedback, 1, out RtcpFeedback p, out _));
            Assert.Equal((x.a, x.b), (p.SenderSsrc, p.MediaSsrc));
            byte[] srReq = Write(12, (Span<byte> d, out int w) => RtcpFeedbackWriter.SrReq(x.a, x.b).TryWrite(d, out w));
            Assert.True(RtcpFeedback.TryParse(srReq, RtcpPacketType.TransportLayerFeedback, 5, out p, out _));
            Assert.Equal((x.a, x.b), (p.SenderSsrc, p.MediaSsrc));
        }).Check(Runs);

        Gen<(uint, uint, int, byte[])> rpsi = from a in U32 from b in U32 from pt in Gen.Choose(0, 127)
                                              from bits in RtpGenerators.Bytes(0, 40)
                                              select (a, b, pt, bits);
        Prop.ForAll(rpsi.ToArbitrary(), x =>
        {
            var writer = new ReferencePictureSelectionIndicationWriter(x.Item1, x.Item2, (byte)x.Item3, x.Item4);
            var buffer = new byte[writer.GetSerializedLength() + 16];
            Assert.True(writer.TryWrite(buffer, out int written));
            byte[] data = Checked(buffer, written, writer.GetSerializedLength());
            Assert.True(ReferencePictureSelectionIndication.TryParse(data, out var parsed, out _));
            Assert.Equal((x.Item1, x.Item2, (byte)x.Item3), (parsed.SenderSsrc, parsed.MediaSsrc, parsed.PayloadType));
            Assert.Equal(x.Item4, parsed.BitString.ToArray());
        }).Check(Runs);

        Gen<(uint, uint, byte, int, byte[])> vbcm = from a in U32 from s in U32 from q in U8 from pt in Gen.Choose(0, 127)
                                                    from value in RtpGenerators.Bytes(0, 60)
                                                    select (a, s, q, pt, value);
        Prop.ForAll(vbcm.ToArbitrary(), x =>
        {
            var writer = new VideoBackChannelMessageWriter(x.Item1, x.Item2, x.Item3, (byte)x.Item4, x.Item5);
            var buffer = new byte[writer.GetSerializedLength() + 16];
            Assert.True(writer.TryWrite(buffer, out int written));
            byte[] data = Checked(buffer, written, writer.GetSerializedLength());
            Assert.True(VideoBackChannelMessage.TryParse(data, out var parsed, out _));
            var items = new List<string>();
            foreach (VbcmItem item in parsed.Items)
            {
                items.Add($"{item.Ssrc}/{item.SequenceNumber}/{item.PayloadType}/{Convert.ToHexString(item.Value)}");
            }

            Assert.Equal([$"{x.Item2}/{x.Item3}/{x.Item4}/{Convert.ToHexString(x.Item5)}"], items);
        }).Check(Runs);

        Gen<(uint, ulong, uint[])> remb = from a in U32 from m in Gen.Choose(0, 0x3FFFF) from e in Gen.Choose(0, 45)
                                          from n in Gen.Choose(0, 20) from ssrcs in Gen.ArrayOf(U32, n)
                                          select (a, (ulong)m << e, ssrcs);
        Prop.ForAll(remb.ToArbitrary(), x =>
        {
            var writer = new ReceiverEstimatedMaximumBitrateWriter(x.Item1, x.Item2, x.Item3);
            var buffer = new byte[writer.GetSerializedLength() + 16];
            Assert.True(writer.TryWrite(buffer, out int written));
            byte[] data = Checked(buffer, written, writer.GetSerializedLength());
            Assert.True(ReceiverEstimatedMaximumBitrate.TryParse(data, out var parsed, out _));
            Assert.Equal((x.Item1, x.Item2), (parsed.SenderSsrc, parsed.Bitrate));
            Assert.Equal(x.Item3, Enumerable.Range(0, x.Item3.Length).Select(i => ReadRembSsrc(data, i)).ToArray());
        }).Check(Runs);
    }

    private static void RoundTripItems<TItem>(RtcpPacketType type, int format, Gen<TItem> item)
        where TItem : struct, IRtcpFeedbackItem<TItem>
    {
        Gen<(uint, uint, TItem[])> gen = from a in U32 from b in U32 from n in Gen.Choose(1, 20) from items in Gen.ArrayOf(item, n)
                                         select (a, b, items);
        Prop.ForAll(gen.ToArbitrary(), x =>
        {
            var writer = new RtcpFeedbackWriter<TItem>(type, format, x.Item1, x.Item2, x.Item3);
            var buffer = new byte[writer.GetSerializedLength() + 16];
            Assert.True(writer.TryWrite(buffer, out int written));
            byte[] data = Checked(buffer, written, writer.GetSerializedLength());
            Assert.True(RtcpFeedbackPacket<TItem>.TryParse(data, type, format, out var parsed, out RtcpParseError error), error.ToString());
            Assert.Equal((x.Item1, x.Item2), (parsed.SenderSsrc, parsed.MediaSsrc));
            var items = new List<TItem>();
            foreach (TItem i in parsed)
            {
                items.Add(i);
            }

            Assert.Equal(x.Item3, items);
        }).Check(Runs);
    }

    private static byte[] Write(int length, RtcpWriter write)
    {
        var buffer = new byte[length + 16];
        Assert.True(write(buffer, out int written));
        return Checked(buffer, written, length);
    }

    private static byte[] Checked(byte[] buffer, int written, int length)
    {
        Assert.Equal(length, written);
        Assert.Equal(0, written % 4);
        Assert.Equal(RtcpParseError.None, RtcpCompoundReader.Validate(buffer.AsSpan(0, written)));
        return buffer.AsSpan(0, written).ToArray();
    }

    private static List<ReceptionReport> ToList(ReceptionReportEnumerator reports)
    {
        var list = new List<ReceptionReport>();
        foreach (ReceptionReport r in reports)
        {
            list.Add(r);
        }

        return list;
    }

    private static uint ReadSsrc(byte[] data, int index)
    {
        Assert.True(Goodbye.TryParse(data, out Goodbye bye, out _));
        return bye.GetSsrc(index);
    }

    private static uint ReadRembSsrc(byte[] data, int index)
    {
        Assert.True(ReceiverEstimatedMaximumBitrate.TryParse(data, out var remb, out _));
        return remb.GetSsrc(index);
    }
}
