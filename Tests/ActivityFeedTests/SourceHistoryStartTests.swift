import ActivityFeed
import Testing

@Suite struct SourceHistoryStartTests {
    @Test func theFirstSeenSeqSurvivesGapsAndFilledGapsAndIsALateStartOnlyAboveOne() {
        var late = SourceProgress(source: "app-2")
        #expect(late.firstSeq == nil)
        #expect(late.historyStart == nil)
        for seq: Int64 in [41, 42, 50, 45, 42] { _ = late.admit(seq) }
        #expect(late.missing == [43...44, 46...49])
        #expect(late.firstSeq == 41)
        #expect(late.historyStart == 41)

        var whole = SourceProgress(source: "app-1")
        for seq: Int64 in [1, 2, 9] { _ = whole.admit(seq) }
        #expect(whole.firstSeq == 1)
        #expect(whole.historyStart == nil, "a gap after seq 1 is a gap, not a late start")
    }
}
