import Foundation
import SluiceCore

/// Helm's value coalescing (`pkg/chart/common/util/coalesce.go`): user values over chart defaults, parent over
/// subchart, `global` copied down into every subchart, and `null` deleting a default.
///
/// `merge` is Helm's `MergeValues` mode (used while processing dependencies): nulls are kept instead of deleting.
enum ValuesCoalescer {
    /// The values a chart renders with: `values` (the user's) coalesced with the chart's defaults and its subcharts'.
    static func coalesce(_ chart: HelmChart, _ values: JSONObject, merge: Bool = false) -> JSONObject {
        var dest = values
        coalesceValues(chart, &dest, merge: merge)
        coalesceDependencies(chart, &dest, merge: merge)
        return dest
    }

    private static func coalesceValues(_ chart: HelmChart, _ dest: inout JSONObject, merge: Bool) {
        let subchartNames = Set(chart.dependencies.map(\.name))
        for (key, defaultValue) in chart.values.members {
            if let value = dest[key] {
                if case .null = value, !merge {
                    dest[key] = nil
                } else if case .object(var table) = value {
                    guard case .object(var source) = defaultValue else { continue }
                    let mergeHere = merge || subchartNames.contains(key)
                    if !mergeHere { source = withoutNulls(source) }
                    coalesceTables(&table, source, merge: mergeHere)
                    dest[key] = .object(table)
                }
            } else {
                if !merge {
                    if case .null = defaultValue { continue }
                    if case .object(let table) = defaultValue {
                        dest[key] = .object(withoutNulls(table))
                        continue
                    }
                }
                dest[key] = defaultValue
            }
        }
    }

    private static func coalesceDependencies(_ chart: HelmChart, _ dest: inout JSONObject, merge: Bool) {
        for sub in chart.dependencies {
            var table: JSONObject
            switch dest[sub.name] {
            case nil: table = JSONObject()
            case .object(let existing)?: table = existing
            default: continue  // Helm fails with a type mismatch; rendering then fails on the subchart's values
            }
            coalesceGlobals(into: &table, from: dest)
            dest[sub.name] = .object(coalesce(sub, table, merge: merge))
        }
    }

    /// Copies the parent's `global` into the child's, the parent winning (tables merged top-down).
    private static func coalesceGlobals(into dest: inout JSONObject, from source: JSONObject) {
        var destGlobals: JSONObject
        switch dest["global"] {
        case nil: destGlobals = JSONObject()
        case .object(let object)?: destGlobals = object
        default: return
        }
        var sourceGlobals: JSONObject
        switch source["global"] {
        case nil: sourceGlobals = JSONObject()
        case .object(let object)?: sourceGlobals = object
        default: return
        }
        for (key, value) in sourceGlobals.members {
            if case .object(let table) = value {
                if let existing = destGlobals[key] {
                    guard case .object(let existingTable) = existing else { continue }
                    var merged = table
                    coalesceTables(&merged, existingTable, merge: true)
                    destGlobals[key] = .object(merged)
                } else {
                    destGlobals[key] = .object(table)
                }
            } else if case .object = destGlobals[key] {
                continue
            } else {
                destGlobals[key] = value
            }
        }
        _ = sourceGlobals
        dest["global"] = .object(destGlobals)
    }

    /// Helm's `coalesceTablesFullKey`: `source` fills what `dest` lacks; tables recurse; a null in `dest` deletes the
    /// key unless merging (or the source's value is null too).
    static func coalesceTables(_ dest: inout JSONObject, _ source: JSONObject, merge: Bool) {
        for (key, value) in source.members {
            guard let existing = dest[key] else {
                dest[key] = value
                continue
            }
            if case .null = existing {
                if !merge, !value.isNull { dest[key] = nil }
                continue
            }
            if case .object(let sourceTable) = value, case .object(var destTable) = existing {
                coalesceTables(&destTable, sourceTable, merge: merge)
                dest[key] = .object(destTable)
            }
        }
    }

    /// Helm's `CoalesceTables` (`merge` false) and `MergeTables` (`merge` true) on whole maps.
    static func tables(_ dest: JSONObject, _ source: JSONObject, merge: Bool) -> JSONObject {
        var result = dest
        coalesceTables(&result, source, merge: merge)
        return result
    }

    private static func withoutNulls(_ object: JSONObject) -> JSONObject {
        var result = JSONObject()
        for (key, value) in object.members {
            switch value {
            case .null: continue
            case .object(let inner): result[key] = .object(withoutNulls(inner))
            default: result[key] = value
            }
        }
        return result
    }
}
