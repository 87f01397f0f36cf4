using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Pravega.Perf.Interop.Crc;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of every WAL frame.
/// Uses the SSE4.2 <c>crc32</c> instruction on x64 and the ARMv8 CRC32C instructions on arm64;
/// elsewhere a slicing-by-8 table. Values are "finished" CRCs (pre- and post-inverted), so
/// <c>Append(Compute(a), b) == Compute(a ++ b)</c>.
/// </summary>
public static class Crc32C
{
    /// <summary>True when a hardware instruction computes the checksum.</summary>
    public static bool IsHardwareAccelerated => Sse42.X64.IsSupported || Crc32.Arm64.IsSupported;

    /// <summary>The CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>Extends a finished CRC <paramref name="crc"/> over <paramref name="data"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        var state = ~crc;
        state = Sse42.X64.IsSupported || Crc32.Arm64.IsSupported
            ? UpdateHardware(state, data)
            : Software.Update(state, data);
        return ~state;
    }

    /// <summary>The table-driven implementation, kept callable so tests and benchmarks can compare it.</summary>
    public static uint AppendSoftware(uint crc, ReadOnlySpan<byte> data) => ~Software.Update(~crc, data);

    // Interleaving: the crc32 instruction has a latency of about three cycles but can start one per cycle, so a
    // single dependency chain uses a third of it. Three independent chains over three adjacent blocks of equal
    // length run at full rate, and are then joined: a raw CRC is linear, so
    //   crc(s, A ++ B ++ C) = shift(shift(crc(s, A)) ^ crc(0, B)) ^ crc(0, C),
    // where shift advances a state over one block of zero bytes (a 4 x 256 table per block length).
    private const int LongBlock = 8192;
    private const int ShortBlock = 256;

    private static uint UpdateHardware(uint state, ReadOnlySpan<byte> data)
    {
        ref var p = ref MemoryMarshal.GetReference(data);
        nint n = data.Length;
        nint i = 0;
        if (n >= 3 * LongBlock)
        {
            state = UpdateInterleaved(state, ref p, ref i, n, LongBlock, ShiftTables.Long);
        }
        if (n - i >= 3 * ShortBlock)
        {
            state = UpdateInterleaved(state, ref p, ref i, n, ShortBlock, ShiftTables.Short);
        }
        for (; i + 8 <= n; i += 8)
        {
            state = Step(state, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref p, i)));
        }
        for (; i < n; i++)
        {
            state = Step(state, Unsafe.Add(ref p, i));
        }
        return state;
    }

    private static uint UpdateInterleaved(uint state, ref byte p, ref nint i, nint n, int block, uint[] shift)
    {
        while (n - i >= 3 * block)
        {
            ref var a = ref Unsafe.Add(ref p, i);
            ref var b = ref Unsafe.Add(ref a, block);
            ref var c = ref Unsafe.Add(ref b, block);
            uint c0 = state, c1 = 0, c2 = 0;
            for (nint j = 0; j < block; j += 8)
            {
                c0 = Step(c0, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref a, j)));
                c1 = Step(c1, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, j)));
                c2 = Step(c2, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref c, j)));
            }
            state = Shift(shift, Shift(shift, c0) ^ c1) ^ c2;
            i += 3 * block;
        }
        return state;
    }

    // The branches are JIT-time constants, so each compiles to the one instruction.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Step(uint state, ulong data) =>
        Sse42.X64.IsSupported ? (uint)Sse42.X64.Crc32(state, data) : Crc32.Arm64.ComputeCrc32C(state, data);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Step(uint state, byte data) =>
        Sse42.X64.IsSupported ? Sse42.Crc32(state, data) : Crc32.ComputeCrc32C(state, data);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Shift(uint[] t, uint state) =>
        t[state & 0xFF] ^ t[256 + ((state >> 8) & 0xFF)] ^ t[512 + ((state >> 16) & 0xFF)] ^ t[768 + (state >> 24)];

    // Tables that advance a raw CRC state over a block of zero bytes: entry [k * 256 + b] is the state
    // (b << 8k) advanced, and by linearity a state advances as the XOR of its four bytes' entries.
    private static class ShiftTables
    {
        public static readonly uint[] Long = Build(LongBlock);
        public static readonly uint[] Short = Build(ShortBlock);

        private static uint[] Build(int zeroBytes)
        {
            Span<uint> basis = stackalloc uint[32];
            for (var bit = 0; bit < 32; bit++)
            {
                basis[bit] = Software.AdvanceOverZeros(1u << bit, zeroBytes);
            }
            var table = new uint[4 * 256];
            for (var k = 0; k < 4; k++)
            {
                for (var b = 0; b < 256; b++)
                {
                    var v = 0u;
                    for (var j = 0; j < 8; j++)
                    {
                        if ((b & (1 << j)) != 0)
                        {
                            v ^= basis[(8 * k) + j];
                        }
                    }
                    table[(k * 256) + b] = v;
                }
            }
            return table;
        }
    }

    private static class Software
    {
        private const uint Polynomial = 0x82F63B78u;
        private static readonly uint[] Table = BuildTable();

        public static uint Update(uint state, ReadOnlySpan<byte> data)
        {
            var t = Table;
            var i = 0;
            for (; i + 8 <= data.Length; i += 8)
            {
                var lo = BinaryPrimitives.ReadUInt32LittleEndian(data[i..]) ^ state;
                var hi = BinaryPrimitives.ReadUInt32LittleEndian(data[(i + 4)..]);
                state = t[(7 * 256) + (lo & 0xFF)] ^ t[(6 * 256) + ((lo >> 8) & 0xFF)]
                      ^ t[(5 * 256) + ((lo >> 16) & 0xFF)] ^ t[(4 * 256) + (lo >> 24)]
                      ^ t[(3 * 256) + (hi & 0xFF)] ^ t[(2 * 256) + ((hi >> 8) & 0xFF)]
                      ^ t[256 + ((hi >> 16) & 0xFF)] ^ t[hi >> 24];
            }
            for (; i < data.Length; i++)
            {
                state = t[(state ^ data[i]) & 0xFF] ^ (state >> 8);
            }
            return state;
        }

        /// <summary>The raw state after <paramref name="count"/> zero bytes, one table step per byte.</summary>
        public static uint AdvanceOverZeros(uint state, int count)
        {
            var t = Table;
            for (var i = 0; i < count; i++)
            {
                state = t[state & 0xFF] ^ (state >> 8);
            }
            return state;
        }

        // Slicing-by-8: table k maps a byte to its CRC contribution k bytes further on.
        private static uint[] BuildTable()
        {
            var table = new uint[8 * 256];
            for (uint b = 0; b < 256; b++)
            {
                var c = b;
                for (var k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? (c >> 1) ^ Polynomial : c >> 1;
                }
                table[b] = c;
            }
            for (var k = 1; k < 8; k++)
            {
                for (var b = 0; b < 256; b++)
                {
                    var prev = table[((k - 1) * 256) + b];
                    table[(k * 256) + b] = (prev >> 8) ^ table[prev & 0xFF];
                }
            }
            return table;
        }
    }
}
