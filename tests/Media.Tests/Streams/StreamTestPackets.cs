using Sfu.Media.Rtp;
using Sfu.Media.Time;

namespace Sfu.Media.Tests.Streams;

/// <summary>Builds RTP packets for the stream tests.</summary>
internal static class StreamTestPackets
{
    public static byte[] Build(ushort seq, uint timestamp, uint ssrc = 1111, byte payloadType = 100,
        byte[]? payload = null, bool marker = false, int padding = 0)
    {
        var buffer = new byte[1500];
        var b = new RtpPacketBuilder(buffer);
        Assert.True(b.TryWriteHeader(marker, payloadType, seq, timestamp, ssrc, default));
        Assert.True(b.TryWritePayload(payload ?? [0xAA, 0xBB, 0xCC, 0xDD]));
        if (padding > 0)
        {
            Assert.True(b.TryWritePadding(padding));
        }

        return b.Written.ToArray();
    }

    public static RtpPacketView View(byte[] packet)
    {
        Assert.True(RtpPacketView.TryParse(packet, out RtpPacketView view, out _));
        return view;
    }

    public static Instant Ms(long ms) => Instant.FromMilliseconds(ms);
}
