using Pravega.Perf.Common.Naming;

namespace Pravega.Perf.Common.Tests.Naming;

public sealed class SegmentToContainerMapperTests
{
    [Fact]
    public void PrimaryNameAndContainerMatchPravegasRuleForEverySegmentVector()
    {
        var mappers = Hashing.GuavaVectors.ContainerCounts.Select(n => new SegmentToContainerMapper(n)).ToArray();
        var count = 0;
        foreach (var v in Hashing.GuavaVectors.Segments)
        {
            Assert.True(v.Primary == NameUtils.GetPrimarySegmentName(v.Name).ToString(), $"primary name of '{v.Name}'");
            for (var i = 0; i < mappers.Length; i++)
            {
                Assert.True(v.Containers[i] == mappers[i].GetContainerId(v.Name),
                    $"'{v.Name}' with {mappers[i].ContainerCount} containers");
            }
            count++;
        }
        Assert.True(count >= 300, $"expected at least 300 segment vectors, found {count}");
    }

    [Fact]
    public void EpochsTransactionsAndMetaSegmentsOfOneSegmentShareItsContainer()
    {
        var mapper = new SegmentToContainerMapper(64);
        var home = mapper.GetContainerId("sc/st/5");
        string[] relatives =
        [
            "sc/st/5.#epoch.0", "sc/st/5.#epoch.9", "sc/st/5.#epoch.9#index", "sc/st/5.#epoch.9$attributes.index",
            "sc/st/5.#epoch.9$header", "sc/st/5.#epoch.2#transaction." + new string('a', 32),
            "sc/st/5.#epoch.2#transient." + new string('b', 32) + "." + new string('c', 32),
        ];
        foreach (var name in relatives)
        {
            Assert.True(home == mapper.GetContainerId(name), $"'{name}' left container {home}");
        }
    }

    [Fact]
    public void AdminModeSendsMetadataSegmentsToTheContainerInTheirName()
    {
        var admin = new SegmentToContainerMapper(8, enableAdmin: true);
        var plain = new SegmentToContainerMapper(8);
        Assert.Equal(3, admin.GetContainerId("_system/containers/metadata_3"));
        Assert.Equal(6, admin.GetContainerId("_system/containers/storage_metadata_6"));
        Assert.Equal(plain.GetContainerId("_system/containers/metadata_x"), admin.GetContainerId("_system/containers/metadata_x"));
        Assert.Equal(plain.GetContainerId("scope/stream/0.#epoch.0"), admin.GetContainerId("scope/stream/0.#epoch.0"));
    }

    [Fact]
    public void AMapperNeedsAtLeastOneContainer()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SegmentToContainerMapper(0));
    }

    [Fact]
    public void MappingASegmentAllocatesNothing()
    {
        var mapper = new SegmentToContainerMapper(4);
        var name = "scope/stream/12.#epoch.3#transaction.0123456789abcdef0123456789abcdef";
        mapper.GetContainerId(name);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var sink = 0;
        for (var i = 0; i < 1000; i++)
        {
            sink += mapper.GetContainerId(name);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"1000 mappings allocated {allocated} bytes (sink {sink})");
    }
}
