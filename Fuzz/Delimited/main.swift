import FuzzSupport

/// libFuzzer entry: any bytes as a CSV file, loaded, described and shown.
let fuzzDelimited: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32 = { pointer, size in
    guard let data = pointer, size > 0 else { return 0 }
    FuzzFile.load(data, size, name: "input.csv")
    return 0
}

FuzzMain.run(fuzzDelimited)
