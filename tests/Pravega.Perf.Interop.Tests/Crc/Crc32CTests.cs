using System.Text;
using Pravega.Perf.Interop.Crc;

namespace Pravega.Perf.Interop.Tests.Crc;

public sealed class Crc32CTests
{
    [Fact]
    public void CheckValueOfTheStandardTestStringMatchesRfc3720()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        Assert.Equal(0xE3069283u, Crc32C.AppendSoftware(0, "123456789"u8));
    }

    [Fact]
    public void HardwareAndSoftwareAgreeOnRandomInputOfEveryLengthUpTo4KiBAtEveryAlignment()
    {
        var rng = new Random(42);
        var data = new byte[4096 + 8];
        rng.NextBytes(data);
        for (var start = 0; start < 8; start++)
        {
            for (var n = 0; n <= 4096; n++)
            {
                var slice = data.AsSpan(start, n);
                Assert.True(Crc32C.Compute(slice) == Crc32C.AppendSoftware(0, slice), $"length {n} at offset {start}");
            }
        }
    }

    [Theory]
    [InlineData(3 * 256 - 1)]
    [InlineData(3 * 256)]
    [InlineData(3 * 256 + 7)]
    [InlineData((3 * 8192) - 1)]
    [InlineData(3 * 8192)]
    [InlineData((3 * 8192) + 1)]
    [InlineData((3 * 8192) + (3 * 256) + 9)]
    [InlineData((6 * 8192) - 8)]
    [InlineData(100_003)]
    [InlineData(1 << 20)]
    [InlineData((1 << 20) + 13)]
    public void HardwareAndSoftwareAgreeAcrossTheInterleavedBlockBoundaries(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        var seed = 0x12345678u;
        Assert.True(Crc32C.Compute(data) == Crc32C.AppendSoftware(0, data), $"length {length}");
        Assert.True(Crc32C.Append(seed, data) == Crc32C.AppendSoftware(seed, data), $"length {length} from a non-zero CRC");
    }

    [Fact]
    public void AMebibyteInUnevenPiecesEqualsTheWhole()
    {
        var data = new byte[1 << 20];
        new Random(7).NextBytes(data);
        var whole = Crc32C.Compute(data);
        var rng = new Random(8);
        var crc = 0u;
        for (var at = 0; at < data.Length;)
        {
            var n = Math.Min(data.Length - at, rng.Next(1, 60_000));
            crc = Crc32C.Append(crc, data.AsSpan(at, n));
            at += n;
        }
        Assert.Equal(whole, crc);
        Assert.Equal(whole, Crc32C.AppendSoftware(0, data));
    }

    [Fact]
    public void AllZeroAndAllOnesBuffersMatchTheTableVersion()
    {
        foreach (var fill in new byte[] { 0x00, 0xFF })
        {
            var data = new byte[(3 * 8192) + 100];
            Array.Fill(data, fill);
            Assert.True(Crc32C.Compute(data) == Crc32C.AppendSoftware(0, data), $"fill {fill:x2}");
        }
    }

    [Fact]
    public void AppendingInPiecesEqualsComputingTheWhole()
    {
        var data = Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog, twice over.");
        var whole = Crc32C.Compute(data);
        for (var cut = 0; cut <= data.Length; cut++)
        {
            Assert.Equal(whole, Crc32C.Append(Crc32C.Compute(data.AsSpan(0, cut)), data.AsSpan(cut)));
        }
    }
}
