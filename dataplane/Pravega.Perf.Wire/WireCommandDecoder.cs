using System.Buffers;
using Pravega.Perf.Wire.Commands;

namespace Pravega.Perf.Wire;

/// <summary>Decodes a payload of any type, for validation and for code that handles commands generically.</summary>
public static class WireCommandDecoder
{
    /// <summary>Decodes the payload and discards the result: throws <see cref="WireProtocolException"/> when it is malformed.</summary>
    public static void Validate(WireCommandType type, in ReadOnlySequence<byte> payload)
    {
        switch (type)
        {
            case WireCommandType.Hello:
                _ = Hello.Read(payload);
                break;
            case WireCommandType.Padding:
                _ = Padding.Read(payload);
                break;
            case WireCommandType.PartialEvent:
                _ = PartialEvent.Read(payload);
                break;
            case WireCommandType.FlushToStorage:
                _ = FlushToStorage.Read(payload);
                break;
            case WireCommandType.FlushedToStorage:
                _ = FlushedToStorage.Read(payload);
                break;
            case WireCommandType.ListStorageChunks:
                _ = ListStorageChunks.Read(payload);
                break;
            case WireCommandType.StorageChunksListed:
                _ = StorageChunksListed.Read(payload);
                break;
            case WireCommandType.Event:
                _ = Event.Read(payload);
                break;
            case WireCommandType.SetupAppend:
                _ = SetupAppend.Read(payload);
                break;
            case WireCommandType.AppendSetup:
                _ = AppendSetup.Read(payload);
                break;
            case WireCommandType.AppendBlock:
                _ = AppendBlock.Read(payload);
                break;
            case WireCommandType.AppendBlockEnd:
                _ = AppendBlockEnd.Read(payload);
                break;
            case WireCommandType.ConditionalAppend:
                _ = ConditionalAppend.Read(payload);
                break;
            case WireCommandType.DataAppended:
                _ = DataAppended.Read(payload);
                break;
            case WireCommandType.ConditionalCheckFailed:
                _ = ConditionalCheckFailed.Read(payload);
                break;
            case WireCommandType.ReadSegment:
                _ = ReadSegment.Read(payload);
                break;
            case WireCommandType.SegmentRead:
                _ = SegmentRead.Read(payload);
                break;
            case WireCommandType.GetStreamSegmentInfo:
                _ = GetStreamSegmentInfo.Read(payload);
                break;
            case WireCommandType.StreamSegmentInfo:
                _ = StreamSegmentInfo.Read(payload);
                break;
            case WireCommandType.CreateSegment:
                _ = CreateSegment.Read(payload);
                break;
            case WireCommandType.SegmentCreated:
                _ = SegmentCreated.Read(payload);
                break;
            case WireCommandType.SealSegment:
                _ = SealSegment.Read(payload);
                break;
            case WireCommandType.SegmentSealed:
                _ = SegmentSealed.Read(payload);
                break;
            case WireCommandType.DeleteSegment:
                _ = DeleteSegment.Read(payload);
                break;
            case WireCommandType.SegmentDeleted:
                _ = SegmentDeleted.Read(payload);
                break;
            case WireCommandType.UpdateSegmentPolicy:
                _ = UpdateSegmentPolicy.Read(payload);
                break;
            case WireCommandType.SegmentPolicyUpdated:
                _ = SegmentPolicyUpdated.Read(payload);
                break;
            case WireCommandType.GetSegmentAttribute:
                _ = GetSegmentAttribute.Read(payload);
                break;
            case WireCommandType.SegmentAttribute:
                _ = SegmentAttribute.Read(payload);
                break;
            case WireCommandType.UpdateSegmentAttribute:
                _ = UpdateSegmentAttribute.Read(payload);
                break;
            case WireCommandType.SegmentAttributeUpdated:
                _ = SegmentAttributeUpdated.Read(payload);
                break;
            case WireCommandType.TruncateSegment:
                _ = TruncateSegment.Read(payload);
                break;
            case WireCommandType.SegmentTruncated:
                _ = SegmentTruncated.Read(payload);
                break;
            case WireCommandType.CreateTransientSegment:
                _ = CreateTransientSegment.Read(payload);
                break;
            case WireCommandType.LocateOffset:
                _ = LocateOffset.Read(payload);
                break;
            case WireCommandType.OffsetLocated:
                _ = OffsetLocated.Read(payload);
                break;
            case WireCommandType.WrongHost:
                _ = WrongHost.Read(payload);
                break;
            case WireCommandType.SegmentIsSealed:
                _ = SegmentIsSealed.Read(payload);
                break;
            case WireCommandType.SegmentAlreadyExists:
                _ = SegmentAlreadyExists.Read(payload);
                break;
            case WireCommandType.NoSuchSegment:
                _ = NoSuchSegment.Read(payload);
                break;
            case WireCommandType.InvalidEventNumber:
                _ = InvalidEventNumber.Read(payload);
                break;
            case WireCommandType.SegmentIsTruncated:
                _ = SegmentIsTruncated.Read(payload);
                break;
            case WireCommandType.OperationUnsupported:
                _ = OperationUnsupported.Read(payload);
                break;
            case WireCommandType.MergeSegments:
                _ = MergeSegments.Read(payload);
                break;
            case WireCommandType.SegmentsMerged:
                _ = SegmentsMerged.Read(payload);
                break;
            case WireCommandType.AuthTokenCheckFailed:
                _ = AuthTokenCheckFailed.Read(payload);
                break;
            case WireCommandType.ErrorMessage:
                _ = ErrorMessage.Read(payload);
                break;
            case WireCommandType.GetTableSegmentInfo:
                _ = GetTableSegmentInfo.Read(payload);
                break;
            case WireCommandType.TableSegmentInfo:
                _ = TableSegmentInfo.Read(payload);
                break;
            case WireCommandType.CreateTableSegment:
                _ = CreateTableSegment.Read(payload);
                break;
            case WireCommandType.DeleteTableSegment:
                _ = DeleteTableSegment.Read(payload);
                break;
            case WireCommandType.UpdateTableEntries:
                _ = UpdateTableEntries.Read(payload);
                break;
            case WireCommandType.TableEntriesUpdated:
                _ = TableEntriesUpdated.Read(payload);
                break;
            case WireCommandType.RemoveTableKeys:
                _ = RemoveTableKeys.Read(payload);
                break;
            case WireCommandType.TableKeysRemoved:
                _ = TableKeysRemoved.Read(payload);
                break;
            case WireCommandType.ReadTable:
                _ = ReadTable.Read(payload);
                break;
            case WireCommandType.TableRead:
                _ = TableRead.Read(payload);
                break;
            case WireCommandType.TableSegmentNotEmpty:
                _ = TableSegmentNotEmpty.Read(payload);
                break;
            case WireCommandType.TableKeyDoesNotExist:
                _ = TableKeyDoesNotExist.Read(payload);
                break;
            case WireCommandType.TableKeyBadVersion:
                _ = TableKeyBadVersion.Read(payload);
                break;
            case WireCommandType.ReadTableKeys:
                _ = ReadTableKeys.Read(payload);
                break;
            case WireCommandType.TableKeysRead:
                _ = TableKeysRead.Read(payload);
                break;
            case WireCommandType.ReadTableEntries:
                _ = ReadTableEntries.Read(payload);
                break;
            case WireCommandType.TableEntriesRead:
                _ = TableEntriesRead.Read(payload);
                break;
            case WireCommandType.TableEntriesDeltaRead:
                _ = TableEntriesDeltaRead.Read(payload);
                break;
            case WireCommandType.ReadTableEntriesDelta:
                _ = ReadTableEntriesDelta.Read(payload);
                break;
            case WireCommandType.ConditionalBlockEnd:
                _ = ConditionalBlockEnd.Read(payload);
                break;
            case WireCommandType.MergeSegmentsBatch:
                _ = MergeSegmentsBatch.Read(payload);
                break;
            case WireCommandType.SegmentsBatchMerged:
                _ = SegmentsBatchMerged.Read(payload);
                break;
            case WireCommandType.KeepAlive:
                _ = KeepAlive.Read(payload);
                break;
            default:
                throw new WireProtocolException(type, "type", "unknown command type");
        }
    }

    /// <summary>Decodes into a boxed command; for tests, tools and logs, not for hot paths.</summary>
    public static IWireCommand Decode(WireCommandType type, in ReadOnlySequence<byte> payload) => type switch
    {
        WireCommandType.Hello => Hello.Read(payload),
        WireCommandType.Padding => Padding.Read(payload),
        WireCommandType.PartialEvent => PartialEvent.Read(payload),
        WireCommandType.FlushToStorage => FlushToStorage.Read(payload),
        WireCommandType.FlushedToStorage => FlushedToStorage.Read(payload),
        WireCommandType.ListStorageChunks => ListStorageChunks.Read(payload),
        WireCommandType.StorageChunksListed => StorageChunksListed.Read(payload),
        WireCommandType.Event => Event.Read(payload),
        WireCommandType.SetupAppend => SetupAppend.Read(payload),
        WireCommandType.AppendSetup => AppendSetup.Read(payload),
        WireCommandType.AppendBlock => AppendBlock.Read(payload),
        WireCommandType.AppendBlockEnd => AppendBlockEnd.Read(payload),
        WireCommandType.ConditionalAppend => ConditionalAppend.Read(payload),
        WireCommandType.DataAppended => DataAppended.Read(payload),
        WireCommandType.ConditionalCheckFailed => ConditionalCheckFailed.Read(payload),
        WireCommandType.ReadSegment => ReadSegment.Read(payload),
        WireCommandType.SegmentRead => SegmentRead.Read(payload),
        WireCommandType.GetStreamSegmentInfo => GetStreamSegmentInfo.Read(payload),
        WireCommandType.StreamSegmentInfo => StreamSegmentInfo.Read(payload),
        WireCommandType.CreateSegment => CreateSegment.Read(payload),
        WireCommandType.SegmentCreated => SegmentCreated.Read(payload),
        WireCommandType.SealSegment => SealSegment.Read(payload),
        WireCommandType.SegmentSealed => SegmentSealed.Read(payload),
        WireCommandType.DeleteSegment => DeleteSegment.Read(payload),
        WireCommandType.SegmentDeleted => SegmentDeleted.Read(payload),
        WireCommandType.UpdateSegmentPolicy => UpdateSegmentPolicy.Read(payload),
        WireCommandType.SegmentPolicyUpdated => SegmentPolicyUpdated.Read(payload),
        WireCommandType.GetSegmentAttribute => GetSegmentAttribute.Read(payload),
        WireCommandType.SegmentAttribute => SegmentAttribute.Read(payload),
        WireCommandType.UpdateSegmentAttribute => UpdateSegmentAttribute.Read(payload),
        WireCommandType.SegmentAttributeUpdated => SegmentAttributeUpdated.Read(payload),
        WireCommandType.TruncateSegment => TruncateSegment.Read(payload),
        WireCommandType.SegmentTruncated => SegmentTruncated.Read(payload),
        WireCommandType.CreateTransientSegment => CreateTransientSegment.Read(payload),
        WireCommandType.LocateOffset => LocateOffset.Read(payload),
        WireCommandType.OffsetLocated => OffsetLocated.Read(payload),
        WireCommandType.WrongHost => WrongHost.Read(payload),
        WireCommandType.SegmentIsSealed => SegmentIsSealed.Read(payload),
        WireCommandType.SegmentAlreadyExists => SegmentAlreadyExists.Read(payload),
        WireCommandType.NoSuchSegment => NoSuchSegment.Read(payload),
        WireCommandType.InvalidEventNumber => InvalidEventNumber.Read(payload),
        WireCommandType.SegmentIsTruncated => SegmentIsTruncated.Read(payload),
        WireCommandType.OperationUnsupported => OperationUnsupported.Read(payload),
        WireCommandType.MergeSegments => MergeSegments.Read(payload),
        WireCommandType.SegmentsMerged => SegmentsMerged.Read(payload),
        WireCommandType.AuthTokenCheckFailed => AuthTokenCheckFailed.Read(payload),
        WireCommandType.ErrorMessage => ErrorMessage.Read(payload),
        WireCommandType.GetTableSegmentInfo => GetTableSegmentInfo.Read(payload),
        WireCommandType.TableSegmentInfo => TableSegmentInfo.Read(payload),
        WireCommandType.CreateTableSegment => CreateTableSegment.Read(payload),
        WireCommandType.DeleteTableSegment => DeleteTableSegment.Read(payload),
        WireCommandType.UpdateTableEntries => UpdateTableEntries.Read(payload),
        WireCommandType.TableEntriesUpdated => TableEntriesUpdated.Read(payload),
        WireCommandType.RemoveTableKeys => RemoveTableKeys.Read(payload),
        WireCommandType.TableKeysRemoved => TableKeysRemoved.Read(payload),
        WireCommandType.ReadTable => ReadTable.Read(payload),
        WireCommandType.TableRead => TableRead.Read(payload),
        WireCommandType.TableSegmentNotEmpty => TableSegmentNotEmpty.Read(payload),
        WireCommandType.TableKeyDoesNotExist => TableKeyDoesNotExist.Read(payload),
        WireCommandType.TableKeyBadVersion => TableKeyBadVersion.Read(payload),
        WireCommandType.ReadTableKeys => ReadTableKeys.Read(payload),
        WireCommandType.TableKeysRead => TableKeysRead.Read(payload),
        WireCommandType.ReadTableEntries => ReadTableEntries.Read(payload),
        WireCommandType.TableEntriesRead => TableEntriesRead.Read(payload),
        WireCommandType.TableEntriesDeltaRead => TableEntriesDeltaRead.Read(payload),
        WireCommandType.ReadTableEntriesDelta => ReadTableEntriesDelta.Read(payload),
        WireCommandType.ConditionalBlockEnd => ConditionalBlockEnd.Read(payload),
        WireCommandType.MergeSegmentsBatch => MergeSegmentsBatch.Read(payload),
        WireCommandType.SegmentsBatchMerged => SegmentsBatchMerged.Read(payload),
        WireCommandType.KeepAlive => KeepAlive.Read(payload),
        _ => throw new WireProtocolException(type, "type", "unknown command type"),
    };
}
