using System.Buffers.Binary;
using System.Net;
using Sfu.Media.Net;
using Sfu.Media.Rtp;
using Sfu.Media.Time;

namespace Sfu.Benchmarks.Load;

/// <summary>
/// The producers' side of the load benchmark: one UDP socket on a media loop of its own (sendmmsg batches) sending
/// VP8-shaped RTP to each input transport at a fixed packet rate. Frames of <see cref="LoadOptions.PacketsPerFrame"/>
/// packets of <see cref="LoadOptions.Payload"/> bytes (RFC 7741 descriptor, marker on the last), a key frame every
/// <see cref="LoadOptions.FramesPerKeyFrame"/> frames and whenever the SFU asks (PLI/FIR), timestamps at the rate the
/// packets imply. A 1 ms timer sends what is due, so the rate holds even when a round is late.
/// </summary>
internal sealed class LoadSender : IDatagramHandler
{
    private const int MaxBurstPerTarget = 4096;

    private readonly LoadOptions _options;
    private readonly MediaLoop _loop;
    private readonly Stream[] _streams;
    private readonly LoopTimer _timer;
    private readonly byte[] _payload;
    private UdpEndpoint? _endpoint;
    private Instant _start;
    private long _sentPerTarget;
    private long _keyFrameRequests;
    private bool _stopped;

    private LoadSender(LoadOptions options, MediaLoop loop, NetAddress[] targets, uint[] ssrcs)
    {
        _options = options;
        _loop = loop;
        _streams = new Stream[targets.Length];
        var random = new Random(1);
        for (var i = 0; i < targets.Length; i++)
        {
            _streams[i] = new Stream { Target = targets[i], Ssrc = ssrcs[i], Seq = (ushort)random.Next(0x10000), Timestamp = (uint)random.Next() };
        }
        _payload = new byte[options.Payload];
        random.NextBytes(_payload);
        _timer = new LoopTimer(OnTick);
    }

    /// <summary>Packets sent to each input so far (loop thread).</summary>
    public long SentPerTarget => _sentPerTarget;

    /// <summary>PLIs and FIRs received from the SFU (loop thread).</summary>
    public long KeyFrameRequests => _keyFrameRequests;

    public MediaLoop Loop => _loop;

    /// <summary>Binds the socket and starts sending to <paramref name="targets"/> (the input transports' tuples).</summary>
    public static async Task<LoadSender> StartAsync(LoadOptions options, NetAddress[] targets, uint[] ssrcs)
    {
        var loop = new MediaLoop("load-sender");
        loop.Start();
        var sender = new LoadSender(options, loop, targets, ssrcs);
        await LoopCalls.InvokeAsync(loop, () =>
        {
            sender._endpoint = UdpEndpoint.Bind(loop,
                new UdpBindOptions { Ip = IPAddress.Loopback, SendBufferSize = 4 << 20, RecvBufferSize = 1 << 20 }, sender);
            sender._start = loop.Now;
            loop.Schedule(sender._timer, loop.Now);
            return 0;
        });
        return sender;
    }

    public async Task StopAsync()
    {
        await LoopCalls.InvokeAsync(_loop, () =>
        {
            _stopped = true;
            _loop.Cancel(_timer);
            _endpoint?.Close();
            return 0;
        });
        await _loop.StopAsync();
        _loop.Dispose();
    }

    private void OnTick(Instant now)
    {
        if (_stopped)
        {
            return;
        }
        var due = (long)((now - _start).TotalSeconds * _options.Rate) - _sentPerTarget;
        due = Math.Min(due, MaxBurstPerTarget);
        for (var n = 0; n < due; n++)
        {
            foreach (var stream in _streams)
            {
                Send(stream);
            }
            _sentPerTarget++;
        }
        _loop.Schedule(_timer, now.AddMilliseconds(1));
    }

    private void Send(Stream stream)
    {
        var endpoint = _endpoint!;
        var slot = endpoint.GetSendSlot();
        var start = stream.PacketInFrame == 0;
        var last = stream.PacketInFrame == _options.PacketsPerFrame - 1;
        if (start && (stream.Frame % _options.FramesPerKeyFrame == 0 || stream.KeyFrameWanted))
        {
            stream.KeyFrame = true;
            stream.KeyFrameWanted = false;
        }

        var builder = new RtpPacketBuilder(slot);
        builder.TryWriteHeader(last, LoadOptions.PayloadType, stream.Seq, stream.Timestamp, stream.Ssrc, default);
        var payload = _payload.AsSpan();
        payload[0] = (byte)(start ? 0x10 : 0x00); // VP8 descriptor: S on a frame's first packet, partition 0
        payload[1] = (byte)(start && stream.KeyFrame ? 0x10 : 0x11); // frame tag: P = 0 on a key frame
        builder.TryWritePayload(payload);
        endpoint.Commit(builder.Length, stream.Target);

        stream.Seq++;
        if (last)
        {
            stream.PacketInFrame = 0;
            stream.Frame++;
            stream.KeyFrame = false;
            stream.Timestamp += (uint)Math.Max(1, 90_000L * _options.PacketsPerFrame / _options.Rate);
        }
        else
        {
            stream.PacketInFrame++;
        }
    }

    /// <summary>RTCP from the SFU: a PLI or FIR about one of the streams makes its next frame a key frame.</summary>
    public void OnDatagram(UdpEndpoint endpoint, Span<byte> datagram, in NetAddress remote, Instant now)
    {
        var offset = 0;
        while (offset + 12 <= datagram.Length)
        {
            var type = datagram[offset + 1];
            var format = datagram[offset] & 0x1F;
            var length = (BinaryPrimitives.ReadUInt16BigEndian(datagram[(offset + 2)..]) + 1) * 4;
            if ((type == 206 && format is 1 or 4) && offset + 12 <= datagram.Length)
            {
                var mediaSsrc = BinaryPrimitives.ReadUInt32BigEndian(datagram[(offset + 8)..]);
                if (format == 4 && offset + 16 <= datagram.Length)
                {
                    mediaSsrc = BinaryPrimitives.ReadUInt32BigEndian(datagram[(offset + 12)..]); // FIR: the FCI names it
                }
                foreach (var stream in _streams)
                {
                    if (stream.Ssrc == mediaSsrc)
                    {
                        stream.KeyFrameWanted = true;
                        _keyFrameRequests++;
                    }
                }
            }
            offset += length;
        }
    }

    private sealed class Stream
    {
        public NetAddress Target;
        public uint Ssrc;
        public ushort Seq;
        public uint Timestamp;
        public int PacketInFrame;
        public long Frame;
        public bool KeyFrame;
        public bool KeyFrameWanted;
    }
}
