using System.Buffers.Binary;
using Sfu.Media.Srtp.Ciphers;

namespace Sfu.Media.Srtp;

/// <summary>
/// One direction of SRTP and SRTCP under one master key (RFC 3711; RFC 7714 for AES-GCM): either the sending side
/// (<see cref="TryProtectRtp"/>, <see cref="TryProtectRtcp"/>) or the receiving side (<see cref="TryUnprotectRtp"/>,
/// <see cref="TryUnprotectRtcp"/>); use two contexts for the two directions of a transport.
/// </summary>
/// <remarks>
/// <para>Sans-IO and allocation-free per packet: all methods work in place on a buffer the caller owns for the
/// duration of the call. Network input never throws; each method returns false with an <see cref="SrtpError"/>.
/// Only a length outside the buffer (a caller bug) throws.</para>
/// <para>State per SSRC, created on the first packet of a stream (for a receiver: the first packet that
/// authenticates), at most <see cref="SrtpContextOptions.MaxStreams"/> SSRCs: for RTP the rollover counter and
/// highest index with a 1024-packet replay window (RFC 3711 §3.3.1, §3.3.2); for RTCP the last SRTCP index sent (sender)
/// or a replay window over SRTCP indices (receiver). Creating a stream's state is the only allocation.</para>
/// <para>Not thread-safe: a context belongs to one media loop.</para>
/// </remarks>
public sealed class SrtpContext : IDisposable
{
    private const int RtpFixedHeaderLength = 12;
    private const int RtcpFixedHeaderLength = 8;

    private readonly SrtpCipher _cipher;
    private readonly SrtpContextOptions _options;
    private readonly Dictionary<uint, StreamState> _rtpStreams;
    private readonly Dictionary<uint, StreamState> _rtcpStreams;
    private StreamState _pendingRtp = new();
    private StreamState _pendingRtcp = new();
    private bool _disposed;

    /// <summary>Creates a context from a master key and salt of the lengths <paramref name="profile"/> requires.</summary>
    public SrtpContext(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, SrtpContextOptions? options = null)
        : this(profile, SrtpSessionKeys.Derive(profile, masterKey, masterSalt), options, clearSessionKeys: true)
    {
    }

    /// <summary>Creates a context from a <see cref="SrtpMasterKey"/>.</summary>
    public SrtpContext(SrtpMasterKey masterKey, SrtpContextOptions? options = null)
        : this(masterKey.Profile, masterKey.Key.Span, masterKey.Salt.Span, options)
    {
    }

    /// <summary>Creates a context with session keys given directly (RFC 7714 §16–17 test vectors).</summary>
    internal SrtpContext(SrtpProfile profile, SrtpSessionKeys sessionKeys, SrtpContextOptions? options = null, bool clearSessionKeys = false)
    {
        _options = options ?? SrtpContextOptions.Default;
        if (_options.MaxStreams < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxStreams must be at least 1.");
        }

        Profile = profile;
        try
        {
            _cipher = SrtpCipher.Create(profile, sessionKeys);
        }
        finally
        {
            // The cipher holds its own copies inside the crypto primitives.
            if (clearSessionKeys)
            {
                sessionKeys.Clear();
            }
        }

        int capacity = Math.Clamp(_options.InitialStreamCapacity, 1, _options.MaxStreams);
        _rtpStreams = new Dictionary<uint, StreamState>(capacity);
        _rtcpStreams = new Dictionary<uint, StreamState>(capacity);
    }

    public SrtpProfile Profile { get; }

    /// <summary>Bytes <see cref="TryProtectRtp"/> appends: the tag (10, 4 or 16).</summary>
    public int RtpOverhead => _cipher.RtpOverhead;

    /// <summary>Bytes <see cref="TryProtectRtcp"/> appends: E flag and SRTCP index (4) plus the tag (10 or 16).</summary>
    public int RtcpOverhead => _cipher.RtcpOverhead;

    /// <summary>SSRCs with RTP state.</summary>
    public int RtpStreamCount => _rtpStreams.Count;

    /// <summary>SSRCs with RTCP state.</summary>
    public int RtcpStreamCount => _rtcpStreams.Count;

    /// <summary>
    /// Protects the RTP packet <c>buffer[..length]</c> in place (RFC 3711 §3.3, RFC 7714 §8): encrypts the
    /// payload and appends the tag. <paramref name="buffer"/> must have <see cref="RtpOverhead"/> bytes of room
    /// after the packet (<see cref="SrtpProfiles.MaxRtpOverhead"/> always suffices).
    /// </summary>
    public bool TryProtectRtp(Span<byte> buffer, int length, out int protectedLength, out SrtpError error)
    {
        ThrowIfDisposed();
        CheckLength(buffer, length);
        protectedLength = 0;

        error = TryGetRtpHeaderLength(buffer[..length], out int headerLength);
        if (error != SrtpError.None)
        {
            return false;
        }

        if (buffer.Length - length < _cipher.RtpOverhead)
        {
            error = SrtpError.BufferTooSmall;
            return false;
        }

        ushort sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[8..]);
        if (!_rtpStreams.TryGetValue(ssrc, out var state))
        {
            if (_rtpStreams.Count >= _options.MaxStreams)
            {
                error = SrtpError.TooManyStreams;
                return false;
            }

            state = new StreamState();
            _rtpStreams.Add(ssrc, state);
        }

        long index = state.Window.Started ? SrtpIndex.Estimate(state.Window.Highest, sequenceNumber) : sequenceNumber;
        if (index > SrtpIndex.Max)
        {
            error = SrtpError.KeyExpired;
            return false;
        }

        error = state.Window.Check(index);
        if (error == SrtpError.ReplayDuplicate && _options.AllowRepeatTx)
        {
            error = SrtpError.None;
        }

        if (error != SrtpError.None)
        {
            return false;
        }

        protectedLength = _cipher.ProtectRtp(buffer, headerLength, length, ssrc, (uint)(index >> 16), sequenceNumber);
        state.Window.Accept(index);
        return true;
    }

    /// <summary>
    /// Unprotects the SRTP packet <c>buffer[..length]</c> in place (RFC 3711 §3.3, RFC 7714 §8): estimates the
    /// index, rejects replays, verifies the tag and decrypts. On success <c>buffer[..plainLength]</c> is the RTP packet.
    /// </summary>
    public bool TryUnprotectRtp(Span<byte> buffer, int length, out int plainLength, out SrtpError error)
    {
        ThrowIfDisposed();
        CheckLength(buffer, length);
        plainLength = 0;

        int overhead = _cipher.RtpOverhead;
        if (length < RtpFixedHeaderLength + overhead)
        {
            error = SrtpError.Truncated;
            return false;
        }

        int bodyLength = length - overhead;
        error = TryGetRtpHeaderLength(buffer[..bodyLength], out int headerLength);
        if (error != SrtpError.None)
        {
            return false;
        }

        ushort sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[8..]);
        bool known = _rtpStreams.TryGetValue(ssrc, out var state);
        if (!known)
        {
            if (_rtpStreams.Count >= _options.MaxStreams)
            {
                error = SrtpError.TooManyStreams;
                return false;
            }

            state = _pendingRtp;
            state.Reset();
        }

        long index = state!.Window.Started ? SrtpIndex.Estimate(state.Window.Highest, sequenceNumber) : sequenceNumber;
        if (index > SrtpIndex.Max)
        {
            error = SrtpError.KeyExpired;
            return false;
        }

        error = state.Window.Check(index);
        if (error != SrtpError.None)
        {
            return false;
        }

        if (!_cipher.UnprotectRtp(buffer, headerLength, length, ssrc, (uint)(index >> 16), sequenceNumber))
        {
            error = SrtpError.AuthenticationFailed;
            return false;
        }

        state.Window.Accept(index);
        if (!known)
        {
            _rtpStreams.Add(ssrc, state);
            _pendingRtp = new StreamState();
        }

        plainLength = bodyLength;
        return true;
    }

    /// <summary>
    /// Protects the RTCP (compound) packet <c>buffer[..length]</c> in place (RFC 3711 §3.4, RFC 7714 §9): encrypts
    /// everything after the first 8 bytes, appends E = 1 with the stream's next SRTCP index, and the tag.
    /// <paramref name="buffer"/> must have <see cref="RtcpOverhead"/> bytes of room after the packet.
    /// </summary>
    public bool TryProtectRtcp(Span<byte> buffer, int length, out int protectedLength, out SrtpError error)
    {
        ThrowIfDisposed();
        CheckLength(buffer, length);
        protectedLength = 0;

        error = CheckRtcpHeader(buffer, length);
        if (error != SrtpError.None)
        {
            return false;
        }

        if (buffer.Length - length < _cipher.RtcpOverhead)
        {
            error = SrtpError.BufferTooSmall;
            return false;
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        if (!_rtcpStreams.TryGetValue(ssrc, out var state))
        {
            if (_rtcpStreams.Count >= _options.MaxStreams)
            {
                error = SrtpError.TooManyStreams;
                return false;
            }

            state = new StreamState();
            _rtcpStreams.Add(ssrc, state);
        }

        // The first SRTCP index is 1, as libsrtp and pion send it: the index counts packets and is incremented before use.
        if (state.LastSrtcpIndex >= 0x7FFF_FFFF)
        {
            error = SrtpError.KeyExpired;
            return false;
        }

        uint index = ++state.LastSrtcpIndex;
        protectedLength = _cipher.ProtectRtcp(buffer, length, ssrc, index);
        return true;
    }

    /// <summary>
    /// Unprotects the SRTCP packet <c>buffer[..length]</c> in place (RFC 3711 §3.4, RFC 7714 §9): reads the E flag
    /// and SRTCP index, rejects replays, verifies the tag and decrypts when E is set.
    /// On success <c>buffer[..plainLength]</c> is the RTCP compound packet.
    /// </summary>
    public bool TryUnprotectRtcp(Span<byte> buffer, int length, out int plainLength, out SrtpError error)
    {
        ThrowIfDisposed();
        CheckLength(buffer, length);
        plainLength = 0;

        int overhead = _cipher.RtcpOverhead;
        if (length < RtcpFixedHeaderLength + overhead)
        {
            error = SrtpError.Truncated;
            return false;
        }

        error = CheckRtcpHeader(buffer, length);
        if (error != SrtpError.None)
        {
            return false;
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        _cipher.ReadRtcpTrailer(buffer, length, out uint index, out bool encrypted);
        bool known = _rtcpStreams.TryGetValue(ssrc, out var state);
        if (!known)
        {
            if (_rtcpStreams.Count >= _options.MaxStreams)
            {
                error = SrtpError.TooManyStreams;
                return false;
            }

            state = _pendingRtcp;
            state.Reset();
        }

        error = state!.Window.Check(index);
        if (error != SrtpError.None)
        {
            return false;
        }

        if (!_cipher.UnprotectRtcp(buffer, length, ssrc, index, encrypted))
        {
            error = SrtpError.AuthenticationFailed;
            return false;
        }

        state.Window.Accept(index);
        if (!known)
        {
            _rtcpStreams.Add(ssrc, state);
            _pendingRtcp = new StreamState();
        }

        plainLength = length - overhead;
        return true;
    }

    /// <summary>Forgets the RTP and RTCP state of <paramref name="ssrc"/> (mediasoup's <c>RemoveStream</c> when a stream closes).</summary>
    public bool RemoveStream(uint ssrc)
    {
        bool rtp = _rtpStreams.Remove(ssrc);
        bool rtcp = _rtcpStreams.Remove(ssrc);
        return rtp || rtcp;
    }

    /// <summary>The rollover counter of an RTP stream this context knows (RFC 3711 §3.3.1).</summary>
    public bool TryGetRolloverCounter(uint ssrc, out uint rolloverCounter)
    {
        if (_rtpStreams.TryGetValue(ssrc, out var state) && state.Window.Started)
        {
            rolloverCounter = (uint)(state.Window.Highest >> 16);
            return true;
        }

        rolloverCounter = 0;
        return false;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _cipher.Dispose();
        _rtpStreams.Clear();
        _rtcpStreams.Clear();
    }

    /// <summary>
    /// The RTP header length: 12 bytes, the CSRC list and the header extension (RFC 3550 §5.1, §5.3.1), bounded by
    /// <paramref name="packet"/>.
    /// </summary>
    internal static SrtpError TryGetRtpHeaderLength(ReadOnlySpan<byte> packet, out int headerLength)
    {
        headerLength = 0;
        if (packet.Length < RtpFixedHeaderLength)
        {
            return SrtpError.Truncated;
        }

        if (packet[0] >> 6 != 2)
        {
            return SrtpError.InvalidHeader;
        }

        int length = RtpFixedHeaderLength + 4 * (packet[0] & 0x0F);
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < length + 4)
            {
                return SrtpError.Truncated;
            }

            length += 4 + 4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(length + 2)..]);
        }

        if (packet.Length < length)
        {
            return SrtpError.Truncated;
        }

        headerLength = length;
        return SrtpError.None;
    }

    private static SrtpError CheckRtcpHeader(ReadOnlySpan<byte> buffer, int length)
    {
        if (length < RtcpFixedHeaderLength)
        {
            return SrtpError.Truncated;
        }

        return buffer[0] >> 6 == 2 ? SrtpError.None : SrtpError.InvalidHeader;
    }

    private static void CheckLength(Span<byte> buffer, int length)
    {
        if ((uint)length > (uint)buffer.Length)
        {
            ThrowLengthOutOfRange();
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void ThrowLengthOutOfRange() =>
        throw new ArgumentOutOfRangeException("length", "The packet length must be within the buffer.");

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>Per-SSRC state. A class so the dictionary hands out a reference that is updated in place.</summary>
    private sealed class StreamState
    {
        public ReplayWindow Window;
        public uint LastSrtcpIndex;

        public void Reset()
        {
            Window.Reset();
            LastSrtcpIndex = 0;
        }
    }
}
