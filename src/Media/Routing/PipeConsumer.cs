using Sfu.Contracts.Dumps;
using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;
using Sfu.Media.Rtp;
using Sfu.Media.Streams;
using Sfu.Media.Time;
using Sfu.Media.Transports;

namespace Sfu.Media.Routing;

/// <summary>
/// mediasoup's PipeConsumer (MP11): every encoding of the producer, verbatim, each on its own SSRC with its own
/// continuous sequence numbers; no layer selection and no bandwidth estimation. Each stream waits for a key frame
/// after a (re)start, as the simple consumer does.
/// </summary>
public sealed class PipeConsumer : Consumer
{
    private readonly RtpStreamSend[] _streams;
    private readonly SeqManager<ushort>[] _seqs;
    private readonly bool[] _syncRequired;
    private readonly uint[] _ssrcs;
    private readonly uint[] _rtxSsrcs;
    private readonly uint[] _mappedSsrcs;
    private readonly Dictionary<uint, int> _indexByMappedSsrc = new();

    internal PipeConsumer(string id, Producer producer, RtpParameters rtpParameters, ConsumerOptions options, Transport transport, IConsumerListener listener)
        : base(id, producer, rtpParameters, options, transport, listener, ConsumerType.Pipe)
    {
        var encodings = rtpParameters.Encodings!;
        var count = encodings.Count;
        _streams = new RtpStreamSend[count];
        _seqs = new SeqManager<ushort>[count];
        _syncRequired = new bool[count];
        _ssrcs = new uint[count];
        _mappedSsrcs = new uint[count];
        var rtx = new List<uint>();
        for (var i = 0; i < count; i++)
        {
            _ssrcs[i] = encodings[i].Ssrc!.Value;
            _mappedSsrcs[i] = producer.RtpMapping.Encodings[i].MappedSsrc;
            _indexByMappedSsrc[_mappedSsrcs[i]] = i;
            _seqs[i] = new SeqManager<ushort>();
            _syncRequired[i] = true;
            _streams[i] = new RtpStreamSend(StreamParams(i, encodings[i]), this, transport.Context.Loop.Now, StreamOptions);
            if (encodings[i].Rtx is { } r)
            {
                rtx.Add(r.Ssrc);
            }
        }
        _rtxSsrcs = rtx.ToArray();
    }

    public override IReadOnlyList<uint> MediaSsrcs => _ssrcs;

    public override IReadOnlyList<uint> RtxSsrcs => _rtxSsrcs;

    protected override RtpStreamSend[] SendStreams => _streams;

    protected override uint[] ProducerMappedSsrcs => _mappedSsrcs;

    internal override void SendRtpPacket(in RtpPacketView packet, bool isKeyFrame, Instant now)
    {
        if (!IsActive || !_indexByMappedSsrc.TryGetValue(packet.Ssrc, out var i))
        {
            return;
        }
        var sequenceNumber = packet.SequenceNumber;
        if (!SupportsPayloadType(packet.PayloadType))
        {
            if (!_syncRequired[i])
            {
                _seqs[i].Drop(sequenceNumber);
            }
            return;
        }
        if (_syncRequired[i])
        {
            if (KeyFrameSupported && !isKeyFrame)
            {
                return;
            }
            _seqs[i].Sync(unchecked((ushort)(sequenceNumber - 1)));
            _syncRequired[i] = false;
        }
        if (!_seqs[i].Input(sequenceNumber, out var outSequenceNumber))
        {
            return;
        }
        SendCopy(in packet, _streams[i], _ssrcs[i], outSequenceNumber, packet.Timestamp, now);
    }

    internal override void OnProducerStreamReplaced(uint mappedSsrc, Instant now)
    {
        if (_indexByMappedSsrc.TryGetValue(mappedSsrc, out var i))
        {
            _syncRequired[i] = true;
        }
    }

    protected override void OnPaused()
    {
        foreach (var stream in _streams)
        {
            stream.Pause();
        }
    }

    protected override void OnResumed(Instant now)
    {
        for (var i = 0; i < _streams.Length; i++)
        {
            _streams[i].Resume();
            _syncRequired[i] = true;
        }
        RequestKeyFrame(now);
    }

    public override ConsumerDump Dump() => FillDump(new PipeConsumerDump { RtpStreams = _streams.Select(s => s.ToDump()).ToArray() });
}
