using System.Buffers.Binary;
using Sfu.Media.Sctp.Chunks;
using Sfu.Media.Time;

namespace Sfu.Media.Sctp;

public sealed partial class SctpAssociation
{
    private const int MaxStreamsPerRequest = 500;

    private readonly List<ushort> _resetQueue = [];
    private ushort[]? _resetInFlight;
    private uint _resetInFlightSeq;
    private uint _resetInFlightLastTsn;
    private bool _reconfigSendNow;
    private uint _nextRequestSeq;
    private uint _peerNextRequestSeq;
    private ReConfigResult _lastPeerResult = ReConfigResult.SuccessNothingToDo;
    private DeferredReset? _deferredReset;
    private readonly RingBuffer<ReConfigResponse> _reconfigResponses = new(2);

    private sealed record DeferredReset(uint RequestSequenceNumber, uint LastTsn, ushort[] Streams)
    {
        public bool Covers(ushort stream) => Streams.Length == 0 || Array.IndexOf(Streams, stream) >= 0;
    }

    /// <summary>
    /// Resets the given outgoing streams (RFC 6525 §5.1.2, Outgoing SSN Reset Request): new messages on them wait
    /// until the peer confirms, then their SSNs restart at 0 and <see cref="SctpEventKind.OutgoingStreamsReset"/>
    /// is raised. A message being sent is finished first. Returns false (nothing done) when the association is not
    /// up or the peer did not announce RE-CONFIG support.
    /// </summary>
    public bool ResetStreams(ReadOnlySpan<ushort> outgoingStreams, Instant now)
    {
        _now = now;
        if (_protocolState != ProtocolState.Established || !_peerSupportsReConfig)
        {
            return false;
        }

        foreach (ushort s in outgoingStreams)
        {
            if (s >= _outStreams || _resetQueue.Contains(s) || (_resetInFlight is not null && Array.IndexOf(_resetInFlight, s) >= 0))
            {
                continue; // already waiting for a reset: messages queued since then go after it, like this call asks
            }

            _resetQueue.Add(s);
            _outPaused[s] = true;
            _outResetSinceUse[s] = true;

            // Messages already queued on the stream go out before the reset; later ones wait for it.
            for (int i = 0; i < _pending.Count; i++)
            {
                if (_pending[i].StreamId == s)
                {
                    _pending[i].PrecedesReset = true;
                }
            }
        }

        if (_resetQueue.Count > 0 && _resetInFlight is null)
        {
            _reconfigSendNow = true;
        }

        return true;
    }

    private void OnReConfigTimerExpired()
    {
        _reconfigAt = Instant.MaxValue;
        if (_protocolState < ProtocolState.Established)
        {
            return;
        }

        // A lost request counts against the association (RFC 6525 §5.1.1) unless T3-rtx runs too: then the same
        // silence is already counted there, once per RTO.
        if (_resetInFlight is not null && _t3At == Instant.MaxValue)
        {
            if (++_errorCount > _options.MaxAssociationRetransmits)
            {
                EnterClosed(SctpState.Failed);
                return;
            }

            _rtoUs = Math.Min(_rtoUs * 2, ToUs(_options.RtoMax));
        }

        _reconfigSendNow = true;
    }

    /// <summary>Writes pending responses and the outgoing reset request, each in its own RE-CONFIG chunk.</summary>
    private int WriteReConfig(Span<byte> destination, Instant now)
    {
        int offset = 0;
        while (_reconfigResponses.Count > 0 && offset + SctpChunk.HeaderSize + 20 <= destination.Length)
        {
            ReConfigResponse response = _reconfigResponses.PopFront();
            response.TryWrite(destination.Slice(offset + SctpChunk.HeaderSize), out int n);
            offset += ReConfigChunk.WriteHeader(destination.Slice(offset), n);
        }

        if (!_reconfigSendNow || !_peerSupportsReConfig)
        {
            return offset;
        }

        if (_resetInFlight is null)
        {
            if (_resetQueue.Count == 0)
            {
                _reconfigSendNow = false;
                return offset;
            }

            if (!QueuedDataBeforeResetIsSent())
            {
                return offset; // the data queued before the reset goes first; try again on the next poll
            }

            int count = Math.Min(_resetQueue.Count, MaxStreamsPerRequest);
            _resetInFlight = [.. _resetQueue.GetRange(0, count)];
            _resetQueue.RemoveRange(0, count);
            _resetInFlightSeq = _nextRequestSeq++;
            _resetInFlightLastTsn = _nextTsn - 1;
        }

        int needed = SctpChunk.HeaderSize + OutgoingSsnResetRequest.GetSerializedLength(_resetInFlight.Length);
        if (offset + needed > destination.Length)
        {
            return offset;
        }

        OutgoingSsnResetRequest.TryWrite(destination.Slice(offset + SctpChunk.HeaderSize), _resetInFlightSeq,
            _peerNextRequestSeq - 1, _resetInFlightLastTsn, _resetInFlight, out int written);
        offset += ReConfigChunk.WriteHeader(destination.Slice(offset), written);
        _reconfigSendNow = false;
        _reconfigAt = now.AddMicroseconds(_rtoUs);
        return offset;
    }

    /// <summary>True when no message queued before the pending reset (or being cut into chunks) is left on its streams.</summary>
    private bool QueuedDataBeforeResetIsSent()
    {
        if (_current is not null && _resetQueue.Contains(_current.StreamId))
        {
            return false;
        }

        for (int i = 0; i < _pending.Count; i++)
        {
            if (_pending[i].PrecedesReset && _resetQueue.Contains(_pending[i].StreamId))
            {
                return false;
            }
        }

        return true;
    }

    private void HandleReConfig(SctpChunk chunk, Instant now)
    {
        if (_protocolState < ProtocolState.Established)
        {
            Drop(SctpDropReason.UnexpectedChunk);
            return;
        }

        if (!ReConfigChunk.TryParse(chunk, out ReConfigChunk reconfig, out _))
        {
            Drop(SctpDropReason.Malformed);
            return;
        }

        var reader = new SctpParameterReader(reconfig.Parameters);
        while (reader.TryReadNext(out SctpParameter parameter))
        {
            switch (parameter.Type)
            {
                case ReConfigParameterType.OutgoingSsnResetRequest:
                    if (OutgoingSsnResetRequest.TryParse(parameter, out OutgoingSsnResetRequest outgoing, out _))
                    {
                        HandlePeerOutgoingReset(outgoing);
                    }

                    break;
                case ReConfigParameterType.IncomingSsnResetRequest:
                    if (IncomingSsnResetRequest.TryParse(parameter, out IncomingSsnResetRequest incoming, out _))
                    {
                        HandlePeerIncomingReset(incoming, now);
                    }

                    break;
                case ReConfigParameterType.ReConfigurationResponse:
                    if (ReConfigResponse.TryParse(parameter, out ReConfigResponse response, out _))
                    {
                        HandleReConfigResponse(response, now);
                    }

                    break;
                default:
                    // SSN/TSN reset and add-streams requests are not supported: answer Denied.
                    if (parameter.Value.Length >= 4)
                    {
                        uint seq = BinaryPrimitives.ReadUInt32BigEndian(parameter.Value);
                        if (CheckRequestSequence(seq, out bool _))
                        {
                            Respond(seq, ReConfigResult.Denied);
                        }
                    }

                    break;
            }
        }
    }

    /// <summary>RFC 6525 §5.2.1: the next request is processed, the last one answered again, anything else is an error.</summary>
    private bool CheckRequestSequence(uint seq, out bool retransmission)
    {
        retransmission = false;
        if (seq == _peerNextRequestSeq)
        {
            _peerNextRequestSeq++;
            return true;
        }

        if (seq == _peerNextRequestSeq - 1)
        {
            retransmission = true;
            TryPerformDeferredReset();
            Respond(seq, _lastPeerResult);
            return false;
        }

        _reconfigResponses.PushBack(new ReConfigResponse(seq, ReConfigResult.ErrorBadSequenceNumber));
        return false;
    }

    private void Respond(uint seq, ReConfigResult result)
    {
        _lastPeerResult = result;
        _reconfigResponses.PushBack(new ReConfigResponse(seq, result));
    }

    /// <summary>RFC 6525 §5.2.2: reset now if every TSN up to the sender's last one arrived, otherwise defer.</summary>
    private void HandlePeerOutgoingReset(in OutgoingSsnResetRequest request)
    {
        if (!CheckRequestSequence(request.RequestSequenceNumber, out _))
        {
            return;
        }

        var streams = new ushort[request.StreamCount];
        for (int i = 0; i < streams.Length; i++)
        {
            streams[i] = request.GetStream(i);
        }

        _deferredReset = new DeferredReset(request.RequestSequenceNumber, request.SendersLastAssignedTsn, streams);
        if (!TryPerformDeferredReset())
        {
            Respond(request.RequestSequenceNumber, ReConfigResult.InProgress);
        }
        else
        {
            Respond(request.RequestSequenceNumber, ReConfigResult.SuccessPerformed);
        }
    }

    private bool HasDeferredResetFor(ushort stream, uint tsn) =>
        _deferredReset is { } d && SeqNum32.IsNewer(tsn, d.LastTsn) && d.Covers(stream);

    /// <summary>Performs the peer's pending outgoing reset once the cumulative TSN reaches its last TSN.</summary>
    private bool TryPerformDeferredReset()
    {
        if (_deferredReset is not { } d || SeqNum32.IsNewer(d.LastTsn, _cumTsn))
        {
            return false;
        }

        _deferredReset = null;
        if (_lastPeerResult == ReConfigResult.InProgress && d.RequestSequenceNumber == _peerNextRequestSeq - 1)
        {
            _lastPeerResult = ReConfigResult.SuccessPerformed;
        }

        ushort[] streams = d.Streams;
        if (streams.Length == 0)
        {
            streams = new ushort[_inStreams];
            for (int i = 0; i < streams.Length; i++)
            {
                streams[i] = (ushort)i;
            }
        }

        foreach (ushort s in streams)
        {
            if (s < _inStreams && _inbound[s] is { } stream)
            {
                stream.NextSsn = 0;
                DeliverOrdered(s, stream);
            }
        }

        _events.PushBack(new SctpEvent(SctpEventKind.IncomingStreamsReset, streams: streams));
        if (_options.IsDataChannel)
        {
            // RFC 8831 §6.7: closing a data channel resets both directions; answer the peer's reset with ours.
            Span<ushort> mine = stackalloc ushort[Math.Min(streams.Length, 256)];
            int count = 0;
            foreach (ushort s in streams)
            {
                if (s < _outStreams && !_outResetSinceUse[s] && count < mine.Length)
                {
                    mine[count++] = s;
                }
            }

            if (count > 0)
            {
                ResetStreams(mine.Slice(0, count), _now);
            }
        }

        return true;
    }

    /// <summary>RFC 6525 §5.2.3: the peer asks us to reset our outgoing streams; our Outgoing SSN Reset Request is the answer.</summary>
    private void HandlePeerIncomingReset(in IncomingSsnResetRequest request, Instant now)
    {
        if (!CheckRequestSequence(request.RequestSequenceNumber, out _))
        {
            return;
        }

        Span<ushort> streams = stackalloc ushort[Math.Min(request.StreamCount, MaxStreamsPerRequest)];
        for (int i = 0; i < streams.Length; i++)
        {
            streams[i] = request.GetStream(i);
        }

        if (streams.IsEmpty)
        {
            // "All streams": the ones this side has used.
            var used = new List<ushort>();
            for (int s = 0; s < _outStreams && used.Count < MaxStreamsPerRequest; s++)
            {
                if (_outSsn[s] != 0)
                {
                    used.Add((ushort)s);
                }
            }

            ResetStreams(used.ToArray(), now);
        }
        else
        {
            ResetStreams(streams, now);
        }

        _lastPeerResult = ReConfigResult.SuccessPerformed;
    }

    private void HandleReConfigResponse(in ReConfigResponse response, Instant now)
    {
        if (_resetInFlight is null || response.ResponseSequenceNumber != _resetInFlightSeq)
        {
            return;
        }

        _errorCount = 0;
        if (response.Result == ReConfigResult.InProgress)
        {
            // The peer waits for DATA still in flight (RFC 6525 §5.2.2): send the same request again later.
            _reconfigAt = now.AddMicroseconds(_rtoUs);
            return;
        }

        ushort[] streams = _resetInFlight;
        _resetInFlight = null;
        _reconfigAt = Instant.MaxValue;
        switch (response.Result)
        {
            case ReConfigResult.SuccessPerformed:
            case ReConfigResult.SuccessNothingToDo:
                foreach (ushort s in streams)
                {
                    _outSsn[s] = 0;
                    _outPaused[s] = _resetQueue.Contains(s);
                }

                _events.PushBack(new SctpEvent(SctpEventKind.OutgoingStreamsReset, streams: streams));
                break;
            default:
                foreach (ushort s in streams)
                {
                    _outPaused[s] = _resetQueue.Contains(s);
                }

                break;
        }

        if (_resetQueue.Count > 0)
        {
            _reconfigSendNow = true;
        }
    }
}
