import FuzzSupport

/// libFuzzer entry: any bytes as a JSON Lines file, loaded, described and shown.
let fuzzJSONLines: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32 = { pointer, size in
    guard let data = pointer, size > 0 else { return 0 }
    FuzzFile.load(data, size, name: "input.jsonl")
    return 0
}

FuzzMain.run(fuzzJSONLines)
