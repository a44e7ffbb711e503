using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Sfu.Interop.Tests.Harness;
using Sfu.Media.Srtp;

namespace Sfu.Interop.Tests;

/// <summary>The tap, between two C# sockets standing in for the SFU and a receiver.</summary>
public sealed class UdpTapTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly Socket _sender = Bind();
    private readonly Socket _receiver = Bind();

    private IPEndPoint ReceiverEndPoint => (IPEndPoint)_receiver.LocalEndPoint!;

    public void Dispose()
    {
        _sender.Dispose();
        _receiver.Dispose();
    }

    [Fact]
    public async Task Every_datagram_is_relayed_unchanged_and_its_rtp_header_and_payload_recorded()
    {
        using var tap = UdpTap.Start(ReceiverEndPoint);
        byte[] first = Rtp(pt: 96, seq: 65535, ts: 1000, ssrc: 0xdeadbeef, marker: false, payload: [1, 2, 3]);
        byte[] second = Rtp(pt: 96, seq: 0, ts: 4000, ssrc: 0xdeadbeef, marker: true, payload: [4, 5]);

        _sender.SendTo(first, tap.EndPoint);
        _sender.SendTo(second, tap.EndPoint);

        Assert.Equal(first, await ReceiveAsync());
        Assert.Equal(second, await ReceiveAsync());
        await tap.WaitForPacketsAsync(2, Timeout);
        var packets = tap.Packets;
        Assert.Equal([0, 1], packets.Select(p => p.Index));
        Assert.Equal([(ushort)65535, (ushort)0], packets.Select(p => p.SequenceNumber));
        Assert.Equal([1000u, 4000u], packets.Select(p => p.Timestamp));
        Assert.Equal([false, true], packets.Select(p => p.Marker));
        Assert.All(packets, p => Assert.Equal((0xdeadbeef, (byte)96, false), (p.Ssrc, p.PayloadType, p.Decrypted)));
        Assert.Equal([1, 2, 3], packets[0].Payload.ToArray());
        Assert.Equal(first, packets[0].Packet);
        Assert.Equal(second.Length, packets[1].DatagramLength);
    }

    [Fact]
    public async Task Rtcp_is_counted_but_not_relayed_by_default()
    {
        using var tap = UdpTap.Start(ReceiverEndPoint);
        byte[] rtp = Rtp(pt: 96, seq: 1, ts: 0, ssrc: 1, marker: false, payload: [0]);

        _sender.SendTo(SenderReport(ssrc: 1), tap.EndPoint);
        _sender.SendTo(rtp, tap.EndPoint);

        // One socket, one relay thread: had the RTCP been relayed, it would arrive first.
        Assert.Equal(rtp, await ReceiveAsync());
        Assert.Equal(1, tap.RtcpCount);
        Assert.Equal(1, tap.PacketCount);
    }

    [Fact]
    public async Task Rtcp_is_relayed_when_asked()
    {
        using var tap = UdpTap.Start(ReceiverEndPoint, new UdpTapOptions { ForwardRtcp = true });
        byte[] report = SenderReport(ssrc: 1);

        _sender.SendTo(report, tap.EndPoint);

        Assert.Equal(report, await ReceiveAsync());
        Assert.Equal(1, tap.RtcpCount);
        Assert.Equal(0, tap.PacketCount);
    }

    [Theory]
    [InlineData(SrtpProfile.AesCm128HmacSha1_80)]
    [InlineData(SrtpProfile.AesCm128HmacSha1_32)]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    [InlineData(SrtpProfile.AeadAes256Gcm)]
    public async Task With_the_key_the_tap_records_the_decrypted_packet_and_relays_the_encrypted_one(SrtpProfile profile)
    {
        var key = SrtpKeying.Generate(profile);
        using var tap = UdpTap.Start(ReceiverEndPoint, new UdpTapOptions { Srtp = key });
        byte[] plain = Rtp(pt: 100, seq: 7, ts: 90_000, ssrc: 42, marker: true, payload: [9, 8, 7, 6, 5]);
        byte[] encrypted = Protect(key, plain);

        _sender.SendTo(encrypted, tap.EndPoint);

        Assert.Equal(encrypted, await ReceiveAsync());
        await tap.WaitForPacketsAsync(1, Timeout);
        var packet = Assert.Single(tap.Packets);
        Assert.True(packet.Decrypted);
        Assert.Equal(plain, packet.Packet);
        Assert.Equal([9, 8, 7, 6, 5], packet.Payload.ToArray());
        Assert.Equal(encrypted.Length, packet.DatagramLength);
        Assert.Equal(0, tap.RejectedCount);
    }

    [Fact]
    public async Task With_a_wrong_key_the_tap_rejects_the_packet_but_still_relays_it()
    {
        using var tap = UdpTap.Start(ReceiverEndPoint, new UdpTapOptions { Srtp = SrtpKeying.Generate(SrtpProfile.AesCm128HmacSha1_80) });
        byte[] encrypted = Protect(SrtpKeying.Generate(SrtpProfile.AesCm128HmacSha1_80), Rtp(pt: 100, seq: 7, ts: 0, ssrc: 42, marker: false, payload: [1]));

        _sender.SendTo(encrypted, tap.EndPoint);

        Assert.Equal(encrypted, await ReceiveAsync());
        Assert.Equal(1, tap.RejectedCount);
        Assert.Equal(0, tap.PacketCount);
        Assert.Contains("last rejection: SRTP AuthenticationFailed", tap.Describe("check"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_datagram_that_is_not_rtp_is_rejected_and_relayed()
    {
        using var tap = UdpTap.Start(ReceiverEndPoint);
        byte[] stun = [0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

        _sender.SendTo(stun, tap.EndPoint);

        Assert.Equal(stun, await ReceiveAsync());
        Assert.Equal(1, tap.RejectedCount);
        Assert.Equal(0, tap.PacketCount);
    }

    [Fact]
    public async Task A_mark_separates_the_packets_before_it_from_those_after_it()
    {
        using var tap = UdpTap.Start(ReceiverEndPoint);
        for (ushort seq = 1; seq <= 2; seq++)
        {
            _sender.SendTo(Rtp(pt: 96, seq: seq, ts: 0, ssrc: 1, marker: false, payload: [0]), tap.EndPoint);
        }

        await tap.WaitForPacketsAsync(2, Timeout);
        var mark = tap.Mark();
        Assert.Equal(0, tap.CountSince(mark));
        for (ushort seq = 3; seq <= 5; seq++)
        {
            _sender.SendTo(Rtp(pt: 96, seq: seq, ts: 0, ssrc: 1, marker: false, payload: [0]), tap.EndPoint);
        }

        await tap.WaitForPacketsAsync(mark, 3, Timeout);

        Assert.Equal((ushort)3, (await tap.WaitForNextPacketAsync(mark, Timeout)).SequenceNumber);
        Assert.Equal(new TapMark(2), mark);
        Assert.Equal(3, tap.CountSince(mark));
        Assert.Equal([(ushort)3, (ushort)4, (ushort)5], tap.PacketsSince(mark).Select(p => p.SequenceNumber));
    }

    [Fact]
    public async Task Waiting_for_a_key_frame_finds_the_first_one_after_the_mark()
    {
        using var tap = UdpTap.Start(ReceiverEndPoint);
        _sender.SendTo(Rtp(pt: 96, seq: 1, ts: 0, ssrc: 1, marker: true, payload: Vp8KeyFrameStart), tap.EndPoint);
        await tap.WaitForPacketsAsync(1, Timeout);
        var mark = tap.Mark();
        _sender.SendTo(Rtp(pt: 96, seq: 2, ts: 3000, ssrc: 1, marker: true, payload: Vp8InterFrameStart), tap.EndPoint);
        _sender.SendTo(Rtp(pt: 96, seq: 3, ts: 6000, ssrc: 1, marker: false, payload: Vp8KeyFrameStart), tap.EndPoint);

        var keyFrame = await tap.WaitForVp8KeyFrameAsync(Timeout, mark);

        Assert.Equal((ushort)3, keyFrame.SequenceNumber);
        Assert.Equal([true, false, true], tap.Packets.Select(p => p.IsVp8KeyFrameStart));
    }

    [Fact]
    public async Task Datagrams_from_the_receiver_go_back_to_the_last_sender()
    {
        using var tap = UdpTap.Start(ReceiverEndPoint);
        _sender.SendTo(Rtp(pt: 96, seq: 1, ts: 0, ssrc: 1, marker: false, payload: [0]), tap.EndPoint);
        await ReceiveAsync();
        byte[] receiverReport = [0x80, 201, 0x00, 0x01, 0, 0, 0, 9];

        _receiver.SendTo(receiverReport, tap.EndPoint);

        Assert.Equal(receiverReport, await ReceiveAsync(_sender));
        Assert.Equal(1, tap.ReverseCount);
        Assert.Equal(0, tap.RtcpCount);
    }

    [Fact]
    public async Task A_wait_that_times_out_describes_what_the_tap_saw()
    {
        using var tap = UdpTap.Start(ReceiverEndPoint, new UdpTapOptions { Name = "my tap" });
        _sender.SendTo(Rtp(pt: 96, seq: 77, ts: 0, ssrc: 5, marker: false, payload: [0]), tap.EndPoint);
        await tap.WaitForPacketsAsync(1, Timeout);

        var failure = await Assert.ThrowsAsync<TimeoutException>(() => tap.WaitForPacketsAsync(5, TimeSpan.FromMilliseconds(100)));

        Assert.Contains("my tap", failure.Message, StringComparison.Ordinal);
        Assert.Contains("waiting for 5 RTP packets since #0; got 1", failure.Message, StringComparison.Ordinal);
        Assert.Contains("#0 ssrc=5 seq=77", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Waits_end_with_an_explanation_when_the_tap_closes()
    {
        var tap = UdpTap.Start(ReceiverEndPoint);
        var wait = tap.WaitForPacketsAsync(1, TimeSpan.FromMinutes(10));

        tap.Dispose();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => wait);
        Assert.Contains("the tap was closed", failure.Message, StringComparison.Ordinal);
    }

    /// <summary>RFC 7741 descriptor X=1 S=1 PID=0, I=1 with a 15-bit picture id, then a key frame header (P=0) with the start code.</summary>
    private static byte[] Vp8KeyFrameStart => [0x90, 0x80, 0x80, 0x01, 0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xf0, 0x00];

    /// <summary>The same descriptor, then an inter frame header (P=1).</summary>
    private static byte[] Vp8InterFrameStart => [0x90, 0x80, 0x80, 0x02, 0x31, 0x02, 0x00, 0x55, 0x66];

    private static Socket Bind()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private Task<byte[]> ReceiveAsync() => ReceiveAsync(_receiver);

    private static async Task<byte[]> ReceiveAsync(Socket socket)
    {
        byte[] buffer = new byte[2048];
        using var timeout = new CancellationTokenSource(Timeout);
        int length = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        return buffer[..length];
    }

    private static byte[] Rtp(byte pt, ushort seq, uint ts, uint ssrc, bool marker, byte[] payload)
    {
        byte[] packet = new byte[12 + payload.Length];
        packet[0] = 0x80;
        packet[1] = (byte)(pt | (marker ? 0x80 : 0));
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), ts);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        payload.CopyTo(packet, 12);
        return packet;
    }

    private static byte[] SenderReport(uint ssrc)
    {
        byte[] report = new byte[28];
        report[0] = 0x80;
        report[1] = 200;
        BinaryPrimitives.WriteUInt16BigEndian(report.AsSpan(2), 6);
        BinaryPrimitives.WriteUInt32BigEndian(report.AsSpan(4), ssrc);
        return report;
    }

    private static byte[] Protect(SrtpKeying key, byte[] plain)
    {
        using var context = key.CreateContext();
        byte[] buffer = new byte[plain.Length + SrtpProfiles.MaxRtpOverhead];
        plain.CopyTo(buffer, 0);
        Assert.True(context.TryProtectRtp(buffer, plain.Length, out int length, out var error), error.ToString());
        return buffer[..length];
    }
}
