print("flrepro")
