using Sfu.Media.Buffers;
using Sfu.Media.Rtcp;
using Sfu.Media.Rtp;
using Sfu.Media.Streams;
using Sfu.Media.Time;
using Sfu.Tests.Shared;

namespace Sfu.Media.Tests.Streams;

/// <summary>style.md §6.3 rule 1 for the stream machinery: steady state allocates nothing.</summary>
public class StreamsZeroAllocationTests
{
    private sealed class CountingListener : IRtpStreamRecvListener, IRtpStreamSendListener
    {
        public long Events;

        public void OnRtpStreamRecvScore(RtpStreamRecv stream, byte score, byte previousScore) => Events++;

        public void OnRtpStreamRecvSendNack(RtpStreamRecv stream, ReadOnlySpan<GenericNackItem> items) => Events += items.Length;

        public void OnRtpStreamRecvSendKeyFrameRequest(RtpStreamRecv stream, KeyFrameRequestType type, byte firSequenceNumber) =>
            Events++;

        public void OnRtpStreamRecvNeedWorstRemoteFractionLost(RtpStreamRecv stream, ref byte worstRemoteFractionLost)
        {
        }

        public void OnRtpStreamSendScore(RtpStreamSend stream, byte score, byte previousScore) => Events++;

        public void OnRtpStreamSendRetransmitRtpPacket(RtpStreamSend stream, Span<byte> packet) => Events += packet.Length;
    }

    [Fact]
    public void Ten_thousand_packets_through_receive_and_send_streams_allocate_nothing()
    {
        var listener = new CountingListener();
        var pool = new PacketBufferPool(1500, 4096);
        var parameters = new RtpStreamParams
        {
            Ssrc = 1234,
            PayloadType = 96,
            MimeType = "video/VP8",
            ClockRate = 90000,
            Cname = "c",
            UseNack = true,
            UsePli = true,
            RtxSsrc = 1235,
            RtxPayloadType = 97,
            TemporalLayers = 3,
        };
        var recv = new RtpStreamRecv(parameters, listener, Instant.Zero);
        var send = new RtpStreamSend(parameters with { Ssrc = 4321, RtxSsrc = 4322 }, listener, Instant.Zero,
            new RtpStreamSendOptions { Pool = pool });
        var keyFrames = new KeyFrameRequestManager(new KeyFrameSink(), TimeSpan.FromMilliseconds(100));
        byte[] packet = new byte[1200];
        byte[] payload = new byte[40];
        byte[] scratch = new byte[1500];
        GenericNackItem[] nack = new GenericNackItem[1];
        long nowMs = 0;
        ushort seq = 0;

        Run(); // warm up: JIT, pool, rings
        long events = 0;
        var (allocated, _) = SteadyStateAllocation.Measure(() => events = Run());

        Assert.Equal(0, allocated);
        Assert.True(events > 0);
        Assert.True(recv.NackCount > 0);
        Assert.True(send.PacketsRetransmitted > 0);

        long Run()
        {
            for (int i = 0; i < 10_000; i++, seq++, nowMs += 10)
            {
                Instant now = Instant.FromMilliseconds(nowMs);
                var builder = new RtpPacketBuilder(packet);
                builder.TryWriteHeader(i % 3 == 0, 96, seq, (uint)(nowMs * 90), 1234, default);
                payload[0] = 0x90; // X=1 S=1
                payload[1] = 0x20; // T=1
                payload[2] = (byte)((i % 3) << 6);
                payload[3] = (byte)(i % 300 == 0 ? 0x00 : 0x01); // a key frame now and then
                builder.TryWritePayload(payload);
                if (!RtpPacketView.TryParse(packet.AsSpan(0, builder.Length), out RtpPacketView view, out _))
                {
                    return -1;
                }

                // Lose one packet in 50 on the way in; forward the rest.
                if (i % 50 != 7 && recv.ReceivePacket(view, now))
                {
                    view.Ssrc = 4321;
                    send.ReceivePacket(view, now);
                    if (recv.LastPacketInfo.IsKeyFrame)
                    {
                        keyFrames.KeyFrameReceived(1234);
                    }
                }

                if (i % 97 == 0)
                {
                    nack[0] = new GenericNackItem((ushort)(seq - 5), 0b101);
                    send.ReceiveNack(nack, scratch, now);
                    keyFrames.KeyFrameNeeded(1234, now);
                }

                if (i % 100 == 0)
                {
                    ReceptionReport rr = recv.GetReceptionReport(now);
                    send.ReceiveRtcpReceiverReport(rr, now);
                    send.TryGetRtcpSenderReport(now, out _);
                    send.GetRtcpSdesChunk();
                }

                if (recv.NextTimeout <= now)
                {
                    recv.OnTimer(now);
                }

                if (keyFrames.NextTimeout <= now)
                {
                    keyFrames.OnTimer(now);
                }
            }

            return listener.Events;
        }
    }

    private sealed class KeyFrameSink : IKeyFrameRequestManagerListener
    {
        public void OnKeyFrameRequestManagerKeyFrameNeeded(KeyFrameRequestManager manager, uint ssrc)
        {
        }
    }
}
