using FsCheck;
using FsCheck.Fluent;
using Sfu.Media.Rtp;

namespace Sfu.Media.Tests.Rtp;

/// <summary>An RTP packet as plain data, for generators and round trips.</summary>
internal sealed record RtpPacketModel(
    bool Marker,
    byte PayloadType,
    ushort SequenceNumber,
    uint Timestamp,
    uint Ssrc,
    uint[] Csrcs,
    RtpExtensionForm Form,
    (int Id, byte[] Value)[] Extensions,
    byte[] Payload,
    int Padding)
{
    public byte[] Build()
    {
        var buffer = new byte[1500];
        var b = new RtpPacketBuilder(buffer);
        Assert.True(b.TryWriteHeader(Marker, PayloadType, SequenceNumber, Timestamp, Ssrc, Csrcs));
        if (Form != RtpExtensionForm.None)
        {
            Assert.True(b.TryBeginExtensions(Form));
            foreach ((int id, byte[] value) in Extensions)
            {
                Assert.True(b.TryAddExtension(id, value));
            }

            Assert.True(b.TryEndExtensions());
        }

        Assert.True(b.TryWritePayload(Payload));
        if (Padding > 0)
        {
            Assert.True(b.TryWritePadding(Padding));
        }

        return b.Written.ToArray();
    }

    public override string ToString() =>
        $"M={Marker} PT={PayloadType} seq={SequenceNumber} ts={Timestamp} ssrc={Ssrc} csrcs=[{string.Join(",", Csrcs)}] "
        + $"{Form} [{string.Join(" ", Extensions.Select(e => $"{e.Id}:{Convert.ToHexString(e.Value)}"))}] "
        + $"payload={Payload.Length} padding={Padding}";
}

internal static class RtpGenerators
{
    public static Gen<byte[]> Bytes(int min, int max) =>
        from n in Gen.Choose(min, max)
        from bytes in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), n)
        select bytes;

    public static Gen<(int, byte[])[]> Extensions(RtpExtensionForm form)
    {
        if (form == RtpExtensionForm.None)
        {
            return Gen.Constant(Array.Empty<(int, byte[])>());
        }

        bool one = form == RtpExtensionForm.OneByte;
        Gen<int[]> ids = from count in Gen.Choose(0, one ? 14 : 20)
                         from shuffled in Gen.Shuffle(Enumerable.Range(1, one ? 14 : 255).ToArray())
                         select shuffled.Take(count).ToArray();
        return from idList in ids
               from values in Gen.ArrayOf(Bytes(one ? 1 : 0, one ? 16 : 40), idList.Length)
               select idList.Zip(values, (id, v) => (id, v)).ToArray();
    }

    public static Gen<RtpPacketModel> Packets =>
        from marker in ArbMap.Default.GeneratorFor<bool>()
        from pt in Gen.Choose(0, 127)
        from seq in Gen.Choose(0, 65535)
        from ts in ArbMap.Default.GeneratorFor<uint>()
        from ssrc in ArbMap.Default.GeneratorFor<uint>()
        from csrcCount in Gen.Choose(0, 15)
        from csrcs in Gen.ArrayOf(ArbMap.Default.GeneratorFor<uint>(), csrcCount)
        from form in Gen.Elements(RtpExtensionForm.None, RtpExtensionForm.OneByte, RtpExtensionForm.TwoByte)
        from extensions in Extensions(form)
        from payload in Bytes(0, 300)
        from padding in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(1, 255)))
        select new RtpPacketModel(marker, (byte)pt, (ushort)seq, ts, ssrc, csrcs, form, extensions, payload, padding);
}
