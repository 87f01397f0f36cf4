using System.Buffers;
using Pravega.Perf.Wire.Commands;

namespace Pravega.Perf.Wire;

/// <summary>Receives a decoded command as its own struct type (no boxing): the visitor of <see cref="WireCommandTable.Read{TVisitor, TResult}"/>.</summary>
public interface IWireCommandVisitor<out TResult>
{
    TResult Visit<T>(in T command)
        where T : struct, IWireCommand<T>;
}

/// <summary>
/// The one table of the protocol's command types: which struct decodes each <see cref="WireCommandType"/>. Validation,
/// boxing decode and any typed dispatch (<see cref="WireCommandDecoder"/>) derive from this switch, and names from the
/// enum (<see cref="WireCommandTypes"/>), so a new command is added here and in the enum, nowhere else.
/// </summary>
public static class WireCommandTable
{
    /// <summary>Decodes the payload as <paramref name="type"/> and hands the typed command to the visitor. Throws only
    /// <see cref="WireProtocolException"/> (malformed payload, unknown type).</summary>
    public static TResult Read<TVisitor, TResult>(WireCommandType type, in ReadOnlySequence<byte> payload, ref TVisitor visitor)
        where TVisitor : struct, IWireCommandVisitor<TResult> => type switch
    {
        WireCommandType.Hello => visitor.Visit(Hello.Read(payload)),
        WireCommandType.Padding => visitor.Visit(Padding.Read(payload)),
        WireCommandType.PartialEvent => visitor.Visit(PartialEvent.Read(payload)),
        WireCommandType.FlushToStorage => visitor.Visit(FlushToStorage.Read(payload)),
        WireCommandType.FlushedToStorage => visitor.Visit(FlushedToStorage.Read(payload)),
        WireCommandType.ListStorageChunks => visitor.Visit(ListStorageChunks.Read(payload)),
        WireCommandType.StorageChunksListed => visitor.Visit(StorageChunksListed.Read(payload)),
        WireCommandType.Event => visitor.Visit(Event.Read(payload)),
        WireCommandType.SetupAppend => visitor.Visit(SetupAppend.Read(payload)),
        WireCommandType.AppendSetup => visitor.Visit(AppendSetup.Read(payload)),
        WireCommandType.AppendBlock => visitor.Visit(AppendBlock.Read(payload)),
        WireCommandType.AppendBlockEnd => visitor.Visit(AppendBlockEnd.Read(payload)),
        WireCommandType.ConditionalAppend => visitor.Visit(ConditionalAppend.Read(payload)),
        WireCommandType.DataAppended => visitor.Visit(DataAppended.Read(payload)),
        WireCommandType.ConditionalCheckFailed => visitor.Visit(ConditionalCheckFailed.Read(payload)),
        WireCommandType.ReadSegment => visitor.Visit(ReadSegment.Read(payload)),
        WireCommandType.SegmentRead => visitor.Visit(SegmentRead.Read(payload)),
        WireCommandType.GetStreamSegmentInfo => visitor.Visit(GetStreamSegmentInfo.Read(payload)),
        WireCommandType.StreamSegmentInfo => visitor.Visit(StreamSegmentInfo.Read(payload)),
        WireCommandType.CreateSegment => visitor.Visit(CreateSegment.Read(payload)),
        WireCommandType.SegmentCreated => visitor.Visit(SegmentCreated.Read(payload)),
        WireCommandType.SealSegment => visitor.Visit(SealSegment.Read(payload)),
        WireCommandType.SegmentSealed => visitor.Visit(SegmentSealed.Read(payload)),
        WireCommandType.DeleteSegment => visitor.Visit(DeleteSegment.Read(payload)),
        WireCommandType.SegmentDeleted => visitor.Visit(SegmentDeleted.Read(payload)),
        WireCommandType.UpdateSegmentPolicy => visitor.Visit(UpdateSegmentPolicy.Read(payload)),
        WireCommandType.SegmentPolicyUpdated => visitor.Visit(SegmentPolicyUpdated.Read(payload)),
        WireCommandType.GetSegmentAttribute => visitor.Visit(GetSegmentAttribute.Read(payload)),
        WireCommandType.SegmentAttribute => visitor.Visit(SegmentAttribute.Read(payload)),
        WireCommandType.UpdateSegmentAttribute => visitor.Visit(UpdateSegmentAttribute.Read(payload)),
        WireCommandType.SegmentAttributeUpdated => visitor.Visit(SegmentAttributeUpdated.Read(payload)),
        WireCommandType.TruncateSegment => visitor.Visit(TruncateSegment.Read(payload)),
        WireCommandType.SegmentTruncated => visitor.Visit(SegmentTruncated.Read(payload)),
        WireCommandType.CreateTransientSegment => visitor.Visit(CreateTransientSegment.Read(payload)),
        WireCommandType.LocateOffset => visitor.Visit(LocateOffset.Read(payload)),
        WireCommandType.OffsetLocated => visitor.Visit(OffsetLocated.Read(payload)),
        WireCommandType.WrongHost => visitor.Visit(WrongHost.Read(payload)),
        WireCommandType.SegmentIsSealed => visitor.Visit(SegmentIsSealed.Read(payload)),
        WireCommandType.SegmentAlreadyExists => visitor.Visit(SegmentAlreadyExists.Read(payload)),
        WireCommandType.NoSuchSegment => visitor.Visit(NoSuchSegment.Read(payload)),
        WireCommandType.InvalidEventNumber => visitor.Visit(InvalidEventNumber.Read(payload)),
        WireCommandType.SegmentIsTruncated => visitor.Visit(SegmentIsTruncated.Read(payload)),
        WireCommandType.OperationUnsupported => visitor.Visit(OperationUnsupported.Read(payload)),
        WireCommandType.MergeSegments => visitor.Visit(MergeSegments.Read(payload)),
        WireCommandType.SegmentsMerged => visitor.Visit(SegmentsMerged.Read(payload)),
        WireCommandType.AuthTokenCheckFailed => visitor.Visit(AuthTokenCheckFailed.Read(payload)),
        WireCommandType.ErrorMessage => visitor.Visit(ErrorMessage.Read(payload)),
        WireCommandType.GetTableSegmentInfo => visitor.Visit(GetTableSegmentInfo.Read(payload)),
        WireCommandType.TableSegmentInfo => visitor.Visit(TableSegmentInfo.Read(payload)),
        WireCommandType.CreateTableSegment => visitor.Visit(CreateTableSegment.Read(payload)),
        WireCommandType.DeleteTableSegment => visitor.Visit(DeleteTableSegment.Read(payload)),
        WireCommandType.UpdateTableEntries => visitor.Visit(UpdateTableEntries.Read(payload)),
        WireCommandType.TableEntriesUpdated => visitor.Visit(TableEntriesUpdated.Read(payload)),
        WireCommandType.RemoveTableKeys => visitor.Visit(RemoveTableKeys.Read(payload)),
        WireCommandType.TableKeysRemoved => visitor.Visit(TableKeysRemoved.Read(payload)),
        WireCommandType.ReadTable => visitor.Visit(ReadTable.Read(payload)),
        WireCommandType.TableRead => visitor.Visit(TableRead.Read(payload)),
        WireCommandType.TableSegmentNotEmpty => visitor.Visit(TableSegmentNotEmpty.Read(payload)),
        WireCommandType.TableKeyDoesNotExist => visitor.Visit(TableKeyDoesNotExist.Read(payload)),
        WireCommandType.TableKeyBadVersion => visitor.Visit(TableKeyBadVersion.Read(payload)),
        WireCommandType.ReadTableKeys => visitor.Visit(ReadTableKeys.Read(payload)),
        WireCommandType.TableKeysRead => visitor.Visit(TableKeysRead.Read(payload)),
        WireCommandType.ReadTableEntries => visitor.Visit(ReadTableEntries.Read(payload)),
        WireCommandType.TableEntriesRead => visitor.Visit(TableEntriesRead.Read(payload)),
        WireCommandType.TableEntriesDeltaRead => visitor.Visit(TableEntriesDeltaRead.Read(payload)),
        WireCommandType.ReadTableEntriesDelta => visitor.Visit(ReadTableEntriesDelta.Read(payload)),
        WireCommandType.ConditionalBlockEnd => visitor.Visit(ConditionalBlockEnd.Read(payload)),
        WireCommandType.MergeSegmentsBatch => visitor.Visit(MergeSegmentsBatch.Read(payload)),
        WireCommandType.SegmentsBatchMerged => visitor.Visit(SegmentsBatchMerged.Read(payload)),
        WireCommandType.KeepAlive => visitor.Visit(KeepAlive.Read(payload)),
        _ => throw new WireProtocolException(type, "type", "unknown command type"),
    };
}
