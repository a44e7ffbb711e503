using System.Buffers.Binary;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace Sfu.Media.Srtp;

/// <summary>
/// AES in Segmented Integer Counter Mode (RFC 3711 §4.1.1): keystream block j is AES(k, IV + j), where only the
/// low 16 bits of the 128-bit counter block count. Built on one ECB encryptor per key; the counter blocks and the
/// keystream live in buffers owned by the instance, so applying the keystream allocates nothing.
/// Not thread-safe: one instance belongs to one media loop.
/// </summary>
/// <remarks>
/// <see cref="SymmetricAlgorithm.EncryptEcb(ReadOnlySpan{byte}, Span{byte}, PaddingMode)"/> allocates a cipher per
/// call, so this keeps an <see cref="ICryptoTransform"/> and calls <see cref="ICryptoTransform.TransformBlock"/>,
/// which does not.
/// </remarks>
internal sealed class AesCounterMode : IDisposable
{
    private const int BlockSize = 16;
    private const int ChunkBlocks = 64;
    private const int ChunkBytes = ChunkBlocks * BlockSize;

    private readonly Aes _aes;
    private readonly ICryptoTransform _ecb;
    private readonly byte[] _counterBlocks = new byte[ChunkBytes];
    private readonly byte[] _keystream = new byte[ChunkBytes];

    public AesCounterMode(ReadOnlySpan<byte> key)
    {
        if (key.Length is not (16 or 24 or 32))
        {
            throw new ArgumentException("An AES key is 16, 24 or 32 bytes.", nameof(key));
        }

        _aes = Aes.Create();
        byte[] copy = key.ToArray();
        _aes.Key = copy; // the setter keeps its own copy
        CryptographicOperations.ZeroMemory(copy);
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _ecb = _aes.CreateEncryptor();
    }

    /// <summary>
    /// XORs the keystream that starts at counter block <paramref name="iv"/> into <paramref name="data"/> in place
    /// (encryption and decryption are the same operation). The low 16 bits of <paramref name="iv"/> are the block
    /// counter and wrap modulo 2^16 without carrying into the rest.
    /// </summary>
    public void Apply(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        if (iv.Length != BlockSize)
        {
            throw new ArgumentException("The counter block is 16 bytes.", nameof(iv));
        }

        ushort counter = BinaryPrimitives.ReadUInt16BigEndian(iv[14..]);
        ReadOnlySpan<byte> prefix = iv[..14];
        int offset = 0;
        while (offset < data.Length)
        {
            int bytes = Math.Min(data.Length - offset, ChunkBytes);
            int blocks = (bytes + BlockSize - 1) / BlockSize;
            Span<byte> counters = _counterBlocks.AsSpan(0, blocks * BlockSize);
            for (int b = 0; b < blocks; b++)
            {
                Span<byte> block = counters.Slice(b * BlockSize, BlockSize);
                prefix.CopyTo(block);
                BinaryPrimitives.WriteUInt16BigEndian(block[14..], counter);
                counter++;
            }

            _ecb.TransformBlock(_counterBlocks, 0, blocks * BlockSize, _keystream, 0);
            Xor(data.Slice(offset, bytes), _keystream.AsSpan(0, bytes));
            offset += bytes;
        }
    }

    public void Dispose()
    {
        _ecb.Dispose();
        _aes.Dispose();
        CryptographicOperations.ZeroMemory(_keystream);
    }

    /// <summary><paramref name="data"/> ^= <paramref name="keystream"/>, 16 bytes at a time where the hardware allows.</summary>
    internal static void Xor(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        int i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + 16 <= data.Length; i += 16)
            {
                var v = Vector128.Create((ReadOnlySpan<byte>)data.Slice(i, 16)) ^ Vector128.Create(keystream.Slice(i, 16));
                v.CopyTo(data.Slice(i, 16));
            }
        }

        for (; i < data.Length; i++)
        {
            data[i] ^= keystream[i];
        }
    }
}
