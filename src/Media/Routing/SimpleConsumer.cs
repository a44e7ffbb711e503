using Sfu.Contracts.Dumps;
using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;
using Sfu.Media.Codecs;
using Sfu.Media.Rtp;
using Sfu.Media.Streams;
using Sfu.Media.Time;
using Sfu.Media.Transports;

namespace Sfu.Media.Routing;

/// <summary>
/// mediasoup's SimpleConsumer (MP8): one stream, forwarded 1:1. After it starts, resumes or its producer resumes, it
/// waits for a key frame (codecs where one can be seen) and re-syncs its sequence numbers there, so the receiver sees
/// a continuous sequence with no gap across pauses. Packets with a payload type it did not negotiate are dropped, and
/// with <c>ignoreDtx</c> so are Opus DTX packets (C15), without leaving gaps.
/// </summary>
public sealed class SimpleConsumer : Consumer
{
    private readonly RtpStreamSend _stream;
    private readonly RtpStreamSend[] _streams;
    private readonly SeqManager<ushort> _seq = new();
    private readonly uint _ssrc;
    private readonly uint[] _ssrcs;
    private readonly uint[] _rtxSsrcs;
    private readonly uint[] _producerMappedSsrcs;
    private readonly bool _ignoreDtx;
    private bool _syncRequired = true;
    private bool _rebaseTimestamp;
    private bool _sentAny;
    private uint _timestampOffset;
    private uint _lastSentTimestamp;
    private Instant _lastSentAt;

    internal SimpleConsumer(string id, Producer producer, RtpParameters rtpParameters, ConsumerOptions options, Transport transport, IConsumerListener listener)
        : base(id, producer, rtpParameters, options, transport, listener, ConsumerType.Simple)
    {
        var encoding = rtpParameters.Encodings![0];
        _ssrc = encoding.Ssrc!.Value;
        _ssrcs = [_ssrc];
        _rtxSsrcs = encoding.Rtx is { } rtx ? [rtx.Ssrc] : [];
        _producerMappedSsrcs = [producer.RtpMapping.Encodings[0].MappedSsrc];
        _ignoreDtx = options.IgnoreDtx ?? false;
        _stream = new RtpStreamSend(StreamParams(0, encoding), this, transport.Context.Loop.Now, StreamOptions);
        _streams = [_stream];
        if (Paused || ProducerPaused)
        {
            _stream.Pause();
        }
    }

    public override IReadOnlyList<uint> MediaSsrcs => _ssrcs;

    public override IReadOnlyList<uint> RtxSsrcs => _rtxSsrcs;

    protected override RtpStreamSend[] SendStreams => _streams;

    protected override uint[] ProducerMappedSsrcs => _producerMappedSsrcs;

    internal override void SendRtpPacket(in RtpPacketView packet, bool isKeyFrame, Instant now)
    {
        if (!IsActive)
        {
            return;
        }
        var sequenceNumber = packet.SequenceNumber;
        if (!SupportsPayloadType(packet.PayloadType))
        {
            // MP8: not for this receiver. Once synced, the drop is remembered so the sequence has no gap (MP7).
            if (!_syncRequired)
            {
                _seq.Drop(sequenceNumber);
            }
            return;
        }
        if (_syncRequired)
        {
            if (KeyFrameSupported && !isKeyFrame)
            {
                return; // MP8: (re)start at a key frame
            }
            _seq.Sync(unchecked((ushort)(sequenceNumber - 1)));
            _syncRequired = false;
            if (_rebaseTimestamp && _sentAny)
            {
                // A new sender stream: its timestamps continue ours, advanced by the time that passed.
                var elapsed = Math.Max(1, (now.Microseconds - _lastSentAt.Microseconds) * MediaCodec.ClockRate / 1_000_000);
                _timestampOffset = unchecked(packet.Timestamp - (_lastSentTimestamp + (uint)elapsed));
            }
            _rebaseTimestamp = false;
        }
        if (_ignoreDtx && CodecKind == CodecKind.Opus && OpusPayload.IsDtx(packet.Payload))
        {
            _seq.Drop(sequenceNumber);
            return;
        }
        if (!_seq.Input(sequenceNumber, out var outSequenceNumber))
        {
            return;
        }
        var timestamp = unchecked(packet.Timestamp - _timestampOffset);
        SendCopy(in packet, _stream, _ssrc, outSequenceNumber, timestamp, now);
        _sentAny = true;
        _lastSentTimestamp = timestamp;
        _lastSentAt = now;
    }

    internal override void OnProducerStreamReplaced(uint mappedSsrc, Instant now)
    {
        _syncRequired = true;
        _rebaseTimestamp = true;
        RequestKeyFrame(now);
    }

    protected override void OnPaused() => _stream.Pause();

    protected override void OnResumed(Instant now)
    {
        _stream.Resume();
        _syncRequired = true;
        RequestKeyFrame(now);
    }

    public override ConsumerDump Dump() => FillDump(new SimpleConsumerDump { RtpStream = _stream.ToDump() });
}
