using Sfu.Interop.Tests.Harness;

namespace Sfu.Interop.Tests;

/// <summary>RFC 7741 §4.2 payload descriptors and the §4.3 payload header's P bit, byte by byte.</summary>
public sealed class Vp8PayloadDescriptorTests
{
    public static TheoryData<string, byte[], int, int, bool, int, int, int, bool> Descriptors => new()
    {
        {
            "no extension: X=0 S=1 PID=0, key frame header",
            [0x10, /* payload header P=0 */ 0x50, 0x02, 0x00, 0x9d, 0x01, 0x2a],
            1, -1, false, -1, -1, -1, true
        },
        {
            "7-bit picture id (ffmpeg): X=1 S=1 | I=1 | M=0 id=5",
            [0x90, 0x80, 0x05, /* P=1 */ 0x31, 0x00, 0x00],
            3, 5, false, -1, -1, -1, false
        },
        {
            "15-bit picture id (rtpvp8pay picture-id-mode=15-bit): | M=1 id=0x0123",
            [0x90, 0x80, 0x81, 0x23, /* P=0 */ 0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a],
            4, 0x0123, true, -1, -1, -1, true
        },
        {
            "I L T K all present: id=0x7fff, TL0PICIDX=0x22, TID=2 Y=1 KEYIDX=3",
            [0x90, 0xf0, 0xff, 0xff, 0x22, 0xa3, /* P=1 */ 0x01],
            6, 0x7fff, true, 0x22, 2, 3, false
        },
        {
            "K without T: KEYIDX only",
            [0x90, 0x10, 0x1f, /* P=0 */ 0x00, 0x00, 0x00, 0x9d, 0x01, 0x2a],
            3, -1, false, -1, -1, 31, true
        },
    };

    [Theory]
    [MemberData(nameof(Descriptors))]
    public void Descriptor_fields_and_key_frame_start_are_read(
        string layout, byte[] payload, int length, int pictureId, bool longPictureId, int tl0PicIdx, int tid, int keyIndex, bool keyFrameStart)
    {
        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out var descriptor), layout);

        Assert.Equal(length, descriptor.Length);
        Assert.Equal(pictureId, descriptor.PictureId);
        Assert.Equal(longPictureId, descriptor.HasLongPictureId);
        Assert.Equal(tl0PicIdx, descriptor.Tl0PicIdx);
        Assert.Equal(tid, descriptor.TemporalLayerId);
        Assert.Equal(keyIndex, descriptor.KeyIndex);
        Assert.True(descriptor.StartOfPartition);
        Assert.Equal(0, descriptor.PartitionIndex);
        Assert.Equal(keyFrameStart, Vp8PayloadDescriptor.IsKeyFrameStart(payload));
    }

    [Fact]
    public void A_packet_that_continues_a_frame_is_not_a_key_frame_start()
    {
        // S=0: the bytes after the descriptor are the middle of a frame, whatever their low bit.
        byte[] payload = [0x80, 0x80, 0x81, 0x23, 0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a];

        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out var descriptor));
        Assert.False(descriptor.StartOfPartition);
        Assert.False(descriptor.IsKeyFrame);
        Assert.False(Vp8PayloadDescriptor.IsKeyFrameStart(payload));
    }

    [Fact]
    public void The_start_of_a_later_partition_is_not_a_key_frame_start()
    {
        byte[] payload = [0x91, 0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a];

        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out var descriptor));
        Assert.Equal(1, descriptor.PartitionIndex);
        Assert.False(Vp8PayloadDescriptor.IsKeyFrameStart(payload));
    }

    [Fact]
    public void A_clear_p_bit_without_the_start_code_is_not_taken_for_a_key_frame()
    {
        byte[] payload = [0x10, 0x50, 0x02, 0x00, 0x00, 0x00, 0x00];

        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out var descriptor));
        Assert.True(descriptor.IsKeyFrame);
        Assert.False(descriptor.HasKeyFrameStartCode);
        Assert.False(Vp8PayloadDescriptor.IsKeyFrameStart(payload));
    }

    [Fact]
    public void Every_truncated_prefix_of_a_full_descriptor_is_refused_without_throwing()
    {
        byte[] payload = [0x90, 0xf0, 0xff, 0xff, 0x22, 0xa3, 0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a];

        for (int length = 0; length < 6; length++)
        {
            Assert.False(Vp8PayloadDescriptor.TryParse(payload.AsSpan(0, length), out _), $"prefix of {length} bytes");
            Assert.False(Vp8PayloadDescriptor.IsKeyFrameStart(payload.AsSpan(0, length)));
        }

        for (int length = 6; length < payload.Length; length++)
        {
            Assert.True(Vp8PayloadDescriptor.TryParse(payload.AsSpan(0, length), out var descriptor), $"prefix of {length} bytes");
            Assert.Equal(6, descriptor.Length);
            Assert.False(Vp8PayloadDescriptor.IsKeyFrameStart(payload.AsSpan(0, length)), $"prefix of {length} bytes lacks the start code");
        }

        Assert.True(Vp8PayloadDescriptor.IsKeyFrameStart(payload));
    }
}
