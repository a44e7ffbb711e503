using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using Sfu.Media.Srtp;

namespace Sfu.Benchmarks.Micro;

/// <summary>
/// SRTP protect and unprotect of one RTP packet in place (RFC 3711 §3.3; RFC 7714 §8 for AES-GCM) for the four suites
/// the SFU offers, at 200 and 1200-byte payloads. The packet is <see cref="PacketKind.Video"/>'s: a 12-byte header and a
/// 16-byte one-byte extension block (abs-send-time, transport-cc, mid, video orientation), as a browser sends it.
/// </summary>
/// <remarks>
/// Both include copying the packet into the work buffer (the cipher works in place). Unprotect needs a fresh packet
/// index every time or the replay window rejects it, so it walks a ring of <see cref="PacketsPerIteration"/> packets
/// protected in advance, and each iteration starts with a new receiving context (set up outside the measurement, its
/// stream already created by the ring's first packet). That is why the invocation count is fixed.
/// </remarks>
[MemoryDiagnoser]
[ZeroAllocation]
[InvocationCount(PacketsPerIteration)]
public class SrtpBenchmarks
{
    /// <summary>Packets (operations) per iteration.</summary>
    public const int PacketsPerIteration = 16_384;

    private byte[] _plain = [];
    private byte[] _work = [];
    private byte[] _ring = [];
    private int _protectedLength;
    private byte[] _masterKey = [];
    private byte[] _masterSalt = [];
    private SrtpContext? _sender;
    private SrtpContext? _receiver;
    private ushort _sequenceNumber;
    private int _next;

    /// <summary>The protection profile.</summary>
    [ParamsAllValues]
    public SrtpProfile Profile { get; set; }

    /// <summary>RTP payload bytes.</summary>
    [Params(200, 1200)]
    public int PayloadLength { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3711);
        _masterKey = new byte[Profile.MasterKeyLength()];
        _masterSalt = new byte[Profile.MasterSaltLength()];
        random.NextBytes(_masterKey);
        random.NextBytes(_masterSalt);
        _plain = BenchPackets.Rtp(PacketKind.Video, PayloadLength);
        _work = new byte[BenchPackets.BufferLength];
        _sender = new SrtpContext(Profile, _masterKey, _masterSalt);

        // The unprotect ring: packet i has sequence number i (index i, rollover counter 0).
        _protectedLength = _plain.Length + _sender.RtpOverhead;
        _ring = new byte[(PacketsPerIteration + 1) * _protectedLength];
        using (var ringSender = new SrtpContext(Profile, _masterKey, _masterSalt))
        {
            for (int i = 0; i <= PacketsPerIteration; i++)
            {
                Span<byte> slot = _ring.AsSpan(i * _protectedLength, _protectedLength);
                _plain.CopyTo(slot);
                BinaryPrimitives.WriteUInt16BigEndian(slot[2..], (ushort)i);
                if (!ringSender.TryProtectRtp(slot, _plain.Length, out int length, out SrtpError error)
                    || length != _protectedLength)
                {
                    throw new InvalidOperationException($"could not protect ring packet {i}: {error}");
                }
            }
        }

        // A round trip gives back the plain packet.
        using var check = new SrtpContext(Profile, _masterKey, _masterSalt);
        byte[] copy = _ring.AsSpan(0, _protectedLength).ToArray();
        byte[] expected = (byte[])_plain.Clone();
        BinaryPrimitives.WriteUInt16BigEndian(expected.AsSpan(2), 0);
        if (!check.TryUnprotectRtp(copy, copy.Length, out int plainLength, out SrtpError checkError)
            || !copy.AsSpan(0, plainLength).SequenceEqual(expected))
        {
            throw new InvalidOperationException($"SRTP round trip failed: {checkError}");
        }
    }

    [IterationSetup(Target = nameof(Unprotect_rtp))]
    public void NewReceiver()
    {
        _receiver?.Dispose();
        _receiver = new SrtpContext(Profile, _masterKey, _masterSalt);
        _next = 0;
        Unprotect_rtp(); // creates the stream's state: the one allocation a receiving context makes per SSRC
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sender?.Dispose();
        _receiver?.Dispose();
    }

    /// <summary>Copies the plain packet in, sets the next sequence number, encrypts and appends the tag.</summary>
    [Benchmark]
    public int Protect_rtp()
    {
        byte[] work = _work;
        _plain.CopyTo(work, 0);
        BinaryPrimitives.WriteUInt16BigEndian(work.AsSpan(2), ++_sequenceNumber);
        if (!_sender!.TryProtectRtp(work, _plain.Length, out int length, out SrtpError error))
        {
            ThrowFailed(error);
        }

        return length;
    }

    /// <summary>Copies the next protected packet of the ring in, checks replay, verifies the tag and decrypts.</summary>
    [Benchmark]
    public int Unprotect_rtp()
    {
        byte[] work = _work;
        int length = _protectedLength;
        _ring.AsSpan(_next++ * length, length).CopyTo(work);
        if (!_receiver!.TryUnprotectRtp(work, length, out int plainLength, out SrtpError error))
        {
            ThrowFailed(error);
        }

        return plainLength;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowFailed(SrtpError error) =>
        throw new InvalidOperationException($"SRTP failed in the benchmark: {error}");
}
