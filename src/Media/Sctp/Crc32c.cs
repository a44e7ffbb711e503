using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using ArmCrc32 = System.Runtime.Intrinsics.Arm.Crc32;

namespace Sfu.Media.Sctp;

/// <summary>
/// CRC32c (Castagnoli, polynomial 0x1EDC6F41, reflected 0x82F63B78), the SCTP checksum of RFC 9260 §6.8 and
/// Appendix A. Uses the SSE4.2 <c>crc32</c> instruction (or ARMv8 CRC32C) when the CPU has it, and a slicing-by-8
/// table otherwise; both give the same result.
/// </summary>
public static class Crc32c
{
    private const uint ReflectedPolynomial = 0x82F63B78;

    private static readonly uint[] Table = BuildTable();

    /// <summary>The CRC32c of <paramref name="data"/> (initial value all ones, final complement).</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Update(0xFFFF_FFFF, data);

    /// <summary>
    /// Continues a CRC over <paramref name="data"/>. <paramref name="crc"/> is the running register (start with
    /// 0xFFFFFFFF); complement the final value.
    /// </summary>
    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        if (Sse42.X64.IsSupported)
        {
            return UpdateSse42X64(crc, data);
        }

        if (Sse42.IsSupported)
        {
            return UpdateSse42(crc, data);
        }

        if (ArmCrc32.Arm64.IsSupported)
        {
            return UpdateArm64(crc, data);
        }

        return UpdateTable(crc, data);
    }

    /// <summary>The portable slicing-by-8 implementation (exposed for tests that compare it with the intrinsics).</summary>
    public static uint ComputeWithTable(ReadOnlySpan<byte> data) => ~UpdateTable(0xFFFF_FFFF, data);

    private static uint UpdateSse42X64(uint crc, ReadOnlySpan<byte> data)
    {
        ulong c = crc;
        while (data.Length >= 8)
        {
            c = Sse42.X64.Crc32(c, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data.Slice(8);
        }

        uint c32 = (uint)c;
        foreach (byte b in data)
        {
            c32 = Sse42.Crc32(c32, b);
        }

        return c32;
    }

    private static uint UpdateSse42(uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 4)
        {
            crc = Sse42.Crc32(crc, BinaryPrimitives.ReadUInt32LittleEndian(data));
            data = data.Slice(4);
        }

        foreach (byte b in data)
        {
            crc = Sse42.Crc32(crc, b);
        }

        return crc;
    }

    private static uint UpdateArm64(uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            crc = ArmCrc32.Arm64.ComputeCrc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data.Slice(8);
        }

        foreach (byte b in data)
        {
            crc = ArmCrc32.ComputeCrc32C(crc, b);
        }

        return crc;
    }

    private static uint UpdateTable(uint crc, ReadOnlySpan<byte> data)
    {
        uint[] t = Table;
        while (data.Length >= 8)
        {
            uint one = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ crc;
            uint two = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(4));
            crc = t[(7 * 256) + (one & 0xFF)] ^ t[(6 * 256) + ((one >> 8) & 0xFF)]
                ^ t[(5 * 256) + ((one >> 16) & 0xFF)] ^ t[(4 * 256) + (one >> 24)]
                ^ t[(3 * 256) + (two & 0xFF)] ^ t[(2 * 256) + ((two >> 8) & 0xFF)]
                ^ t[256 + ((two >> 16) & 0xFF)] ^ t[two >> 24];
            data = data.Slice(8);
        }

        foreach (byte b in data)
        {
            crc = t[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static uint[] BuildTable()
    {
        var table = new uint[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? (c >> 1) ^ ReflectedPolynomial : c >> 1;
            }

            table[i] = c;
        }

        for (int slice = 1; slice < 8; slice++)
        {
            for (int i = 0; i < 256; i++)
            {
                uint previous = table[((slice - 1) * 256) + i];
                table[(slice * 256) + i] = table[previous & 0xFF] ^ (previous >> 8);
            }
        }

        return table;
    }
}
