using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sfu.Media.Net;

/// <summary>
/// The receive buffers of one media loop, shared by all its UDP endpoints: the loop reads one socket at a time and a
/// datagram's span is only valid during its handler call, so one set of <see cref="UdpEndpoint.ReceiveBatchSize"/>
/// slots serves every socket (as mediasoup's worker reads every socket into one buffer). One pinned block holds the
/// slots and, for recvmmsg, the <c>sockaddr_storage</c>, <c>iovec</c> and <c>mmsghdr</c> arrays, built once. Never
/// freed while its loop lives: raw pointers into it may be in use further up the stack.
/// </summary>
internal sealed unsafe class ReceiveSlab
{
    /// <summary>sizeof(struct sockaddr_storage).</summary>
    public const int NameStride = 128;

    private readonly byte[] _block;

    public ReceiveSlab(int slotStride, bool batchHeaders)
    {
        SlotStride = slotStride;
        var count = UdpEndpoint.ReceiveBatchSize;
        var data = count * slotStride;
        var headers = batchHeaders ? count * (NameStride + sizeof(LibC.IoVec) + sizeof(LibC.MMsgHdr)) : 0;
        _block = GC.AllocateArray<byte>(data + headers + 64, pinned: true);
        var start = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_block));
        Data = (byte*)(((nuint)start + 63) & ~(nuint)63);
        if (!batchHeaders)
        {
            return;
        }
        var names = Data + data;
        var iovs = (LibC.IoVec*)(names + count * NameStride);
        Messages = (LibC.MMsgHdr*)(iovs + count);
        for (var i = 0; i < count; i++)
        {
            iovs[i].Base = Data + i * slotStride;
            iovs[i].Length = (nuint)slotStride;
            Messages[i].Header.Name = names + i * NameStride;
            Messages[i].Header.Iov = iovs + i;
            Messages[i].Header.IovLength = 1;
        }
    }

    /// <summary>Bytes per slot: the largest datagram accepted plus at least one, so a longer one shows as truncated.</summary>
    public int SlotStride { get; }

    /// <summary>Slot <c>i</c> starts at <c>Data + i * SlotStride</c>.</summary>
    public byte* Data { get; }

    /// <summary>The recvmmsg headers (null on the portable path).</summary>
    public LibC.MMsgHdr* Messages { get; }

    /// <summary>The stride for a largest accepted datagram of <paramref name="maxDatagramSize"/> bytes.</summary>
    public static int StrideFor(int maxDatagramSize) => (maxDatagramSize + 1 + 63) & ~63;
}
