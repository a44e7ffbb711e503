using FsCheck;
using FsCheck.Fluent;
using Sfu.Media.Rtcp;
using Sfu.Media.Tests.Rtp;

namespace Sfu.Media.Tests.Rtcp;

internal delegate bool RtcpParser(ReadOnlySpan<byte> packet, out RtcpParseError error);

internal delegate bool RtcpWriter(Span<byte> destination, out int written);

internal static class RtcpAssert
{
    /// <summary>The full packet parses; every proper prefix (an exact-size array) fails with an error and never throws.</summary>
    public static void EveryPrefixFails(byte[] packet, RtcpParser parse)
    {
        Assert.True(parse(packet.ToArray(), out RtcpParseError full), $"full packet: {full}");
        for (int n = 0; n < packet.Length; n++)
        {
            byte[] prefix = packet.AsSpan(0, n).ToArray();
            Assert.False(parse(prefix, out RtcpParseError error), $"prefix of {n} bytes parsed");
            Assert.NotEqual(RtcpParseError.None, error);
        }
    }

    /// <summary>Random bodies behind a plausible header (version 2, the given type and format) never throw.</summary>
    public static void RandomBytesNeverThrow(byte packetType, int format, RtcpParser parse)
    {
        Gen<byte[]> packets =
            from words in Gen.Choose(0, 40)
            from body in RtpGenerators.Bytes(words * 4, words * 4)
            from padding in ArbMap.Default.GeneratorFor<bool>()
            from extra in Gen.Choose(-3, 3)
            select Packet(packetType, format, padding, body, extra);
        Prop.ForAll(packets.ToArbitrary(), data =>
        {
            parse(data, out _);
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
    }

    public static byte[] Write(RtcpWriter write, int expectedLength)
    {
        var buffer = new byte[expectedLength + 64];
        Assert.True(write(buffer, out int written));
        Assert.Equal(expectedLength, written);
        for (int n = 0; n < expectedLength; n++)
        {
            Assert.False(write(new byte[n], out int none), $"wrote into {n} bytes");
            Assert.Equal(0, none);
        }

        return buffer.AsSpan(0, written).ToArray();
    }

    private static byte[] Packet(byte packetType, int format, bool padding, byte[] body, int extra)
    {
        int length = 4 + body.Length;
        var data = new byte[Math.Max(0, length + extra)];
        if (data.Length >= 4)
        {
            data[0] = (byte)(0x80 | (padding ? 0x20 : 0) | (format & 0x1F));
            data[1] = packetType;
            data[2] = (byte)((length / 4 - 1) >> 8);
            data[3] = (byte)(length / 4 - 1);
        }

        body.AsSpan(0, Math.Min(body.Length, Math.Max(0, data.Length - 4))).CopyTo(data.AsSpan(Math.Min(4, data.Length)));
        return data;
    }
}
